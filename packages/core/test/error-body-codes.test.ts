import { describe, expect, it } from "vitest";
import { parseErrorBody } from "../src/errors.js";

// A client reads an error body only when its code is one of the contract's, as a string: values
// that merely stringify to a code (an array, a boxed string) are not one.
describe("parseErrorBody's code", () => {
  it.each([[["CSRF"]], [new String("CSRF")], [{ toString: (): string => "CSRF" }]])("%j is not a code", (code) => {
    expect(parseErrorBody({ error: { code, message: "x" } })).toBeNull();
  });

  it("the string is", () => {
    expect(parseErrorBody({ error: { code: "CSRF", message: "x" } })).toEqual({ code: "CSRF", message: "x" });
  });
});

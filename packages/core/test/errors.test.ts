import { describe, expect, test } from "vitest";
import { SafeSessionError } from "../src/index.js";
import { parseErrorBody } from "../src/errors.js";

describe("parseErrorBody reads only the HTTP contract's error bodies", () => {
  test("a contract error, with and without field", () => {
    expect(parseErrorBody({ error: { code: "FORBIDDEN", message: "No", field: "a" } })).toEqual({
      code: "FORBIDDEN",
      message: "No",
      field: "a",
    });
    expect(parseErrorBody({ error: { code: "CSRF", message: "No" } })).toStrictEqual({ code: "CSRF", message: "No" });
  });

  test("a message that is not a string reads as the code; a field that is not a string is left out", () => {
    expect(parseErrorBody({ error: { code: "CONFLICT", message: 42, field: 7 } })).toStrictEqual({
      code: "CONFLICT",
      message: "CONFLICT",
    });
  });

  test.each([
    null,
    undefined,
    "error",
    42,
    [],
    {},
    { error: null },
    { error: "CSRF" },
    { error: { code: 1 } },
    { error: { code: "NOPE" } },
    { error: { code: "toString" } },
  ])("%j is not one", (body) => {
    expect(parseErrorBody(body)).toBeNull();
  });
});

describe("SafeSessionError", () => {
  test("carries its cause only when given one, and its JSON has no field key without a field", () => {
    const cause = new Error("db down");
    expect(new SafeSessionError("UNAVAILABLE", "x", { cause }).cause).toBe(cause);
    expect(Object.hasOwn(new SafeSessionError("UNAVAILABLE", "x"), "cause")).toBe(false);
    expect(Object.keys(new SafeSessionError("CSRF", "x").toJSON().error)).toEqual(["code", "message"]);
  });
});

// A client reads an error body only when its code is one of the contract's, as a string: values
// that merely stringify to a code (an array, a boxed string) are not one.
describe("parseErrorBody's code", () => {
  test.each([[["CSRF"]], [new String("CSRF")], [{ toString: (): string => "CSRF" }]])("%j is not a code", (code) => {
    expect(parseErrorBody({ error: { code, message: "x" } })).toBeNull();
  });

  test("the string is", () => {
    expect(parseErrorBody({ error: { code: "CSRF", message: "x" } })).toEqual({ code: "CSRF", message: "x" });
  });
});

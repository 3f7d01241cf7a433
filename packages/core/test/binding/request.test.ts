import { describe, expect, test } from "vitest";
import { formFields } from "../../src/binding/request.js";

describe("formFields", () => {
  test("strings only, the first value of a name, on a record without a prototype", () => {
    const form = new FormData();
    form.append("email", "a@example.com");
    form.append("email", "b@example.com");
    form.append("avatar", new Blob(["x"]), "a.png");
    form.append("__proto__", "x");
    const fields = formFields(form);
    expect(Object.entries(fields)).toEqual([
      ["email", "a@example.com"],
      ["__proto__", "x"],
    ]);
    expect(Object.getPrototypeOf(fields)).toBeNull();
    expect({ ...formFields(undefined) }).toEqual({});
    expect({ ...formFields(new URLSearchParams("a=1&a=2&b=")) }).toEqual({ a: "1", b: "" });
  });
});

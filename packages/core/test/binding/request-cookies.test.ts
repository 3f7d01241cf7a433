import { describe, expect, test } from "vitest";
import { cookieHeaderAfter } from "../../src/binding/request-cookies.js";

describe("cookieHeaderAfter", () => {
  test("set cookies replace or join, expired ones leave, the rest stays", () => {
    const header = "a=1; session=old; session.0=chunk; other=x%20y";
    const after = cookieHeaderAfter(header, [
      { name: "session", value: "new", options: { path: "/" } },
      { name: "session.0", value: "", options: { maxAge: 0 } },
      { name: "csrf", value: "t%7Ch", options: {} },
      { name: "a", value: "2", options: { expires: new Date(0) } },
    ]);
    expect(after).toBe("session=new; other=x%20y; csrf=t%7Ch");
  });

  test("no header and no cookies is an empty header", () => {
    expect(cookieHeaderAfter(null, [])).toBe("");
  });
});

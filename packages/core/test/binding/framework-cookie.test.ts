import { describe, expect, test } from "vitest";
import { parseSetCookie } from "../../src/http/cookies.js";
import { toFrameworkCookie } from "../../src/binding/framework-cookie.js";

const fromHeader = (header: string) => {
  const parsed = parseSetCookie(header);
  return parsed && toFrameworkCookie(parsed);
};

describe("toFrameworkCookie", () => {
  test("a Set-Cookie's every attribute, decoded", () => {
    const expires = new Date("2030-01-02T03:04:05.000Z");
    expect(
      fromHeader(
        `__Secure-authjs.session-token=a%7Cb; Max-Age=2592000; Domain=app.example; Path=/app; Expires=${expires.toUTCString()}; HttpOnly; Secure; Partitioned; SameSite=Lax`,
      ),
    ).toEqual({
      name: "__Secure-authjs.session-token",
      value: "a|b",
      options: {
        maxAge: 2592000,
        domain: "app.example",
        path: "/app",
        expires,
        httpOnly: true,
        secure: true,
        partitioned: true,
        sameSite: "lax",
      },
      verbatim: false,
    });
  });

  test("missing flags are said (frameworks would fill their own); Max-Age=0 is kept", () => {
    expect(fromHeader("a=; Max-Age=0; SameSite=Weird")).toEqual({
      name: "a",
      value: "",
      options: { maxAge: 0, path: "/", httpOnly: false, secure: false },
      verbatim: false,
    });
  });

  test("a value that does not decode goes as sent, marked verbatim", () => {
    expect(fromHeader("x=%E0%A4%A; Path=/")).toMatchObject({ value: "%E0%A4%A", verbatim: true });
  });

  test("core's cookies: sameSite true is strict (as core's Set-Cookie says), false is none said", () => {
    const cookie = (sameSite: boolean | "none") =>
      toFrameworkCookie({ name: "n", value: "v|w", options: { sameSite, httpOnly: true } });
    expect(cookie(true)).toEqual({
      name: "n",
      value: "v|w",
      options: { path: "/", httpOnly: true, secure: false, sameSite: "strict" },
      verbatim: false,
    });
    expect(cookie(false).options).not.toHaveProperty("sameSite");
    expect(cookie("none").options.sameSite).toBe("none");
  });

  test("safe to map: the array index is never read as an option", () => {
    const cookies = [
      { name: "a", value: "%", options: {} },
      { name: "b", value: "1", options: {} },
    ];
    expect(cookies.map(toFrameworkCookie).map((c) => [c.value, c.verbatim])).toEqual([
      ["%", false],
      ["1", false],
    ]);
  });
});

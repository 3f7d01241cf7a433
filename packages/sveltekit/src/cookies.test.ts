import { describe, expect, test } from "vitest";
import { authRedirect, parseSetCookie as parseHeader } from "@safe-session/core";
import { type KitCookie, type KitCookieOptions, kitSetCookie, setCookies } from "./cookies.js";

/** One `Set-Cookie` header as the binding hands it to `cookies.set`. */
function parseSetCookie(header: string): KitCookie | undefined {
  const parsed = parseHeader(header);
  return parsed ? kitSetCookie(parsed) : undefined;
}

describe("parseSetCookie", () => {
  test("reads every attribute core and Auth.js write", () => {
    const expires = new Date("2030-01-02T03:04:05.000Z");
    expect(
      parseSetCookie(
        `__Secure-authjs.session-token=abc.def; Max-Age=2592000; Domain=example.com; Path=/app; Expires=${expires.toUTCString()}; HttpOnly; Secure; Partitioned; SameSite=Lax`,
      ),
    ).toEqual({
      name: "__Secure-authjs.session-token",
      value: "abc.def",
      options: {
        path: "/app",
        domain: "example.com",
        maxAge: 2592000,
        expires,
        httpOnly: true,
        secure: true,
        partitioned: true,
        sameSite: "lax",
      },
    });
  });

  test("states absent flags, so SvelteKit's defaults (httpOnly, secure) do not change the cookie", () => {
    expect(parseSetCookie("a=b")).toEqual({ name: "a", value: "b", options: { path: "/", httpOnly: false, secure: false } });
  });

  test("decodes the value once: SvelteKit encodes it again on the way out", () => {
    const cookie = parseSetCookie("authjs.csrf-token=abc%7Cdef; Path=/");
    expect(cookie?.value).toBe("abc|def");
    expect(cookie?.options.encode).toBeUndefined();
    expect(encodeURIComponent(cookie?.value ?? "")).toBe("abc%7Cdef");
  });

  test("passes a value that does not decode through unchanged", () => {
    const cookie = parseSetCookie("x=%E0%A4%A; Path=/");
    expect(cookie?.value).toBe("%E0%A4%A");
    expect(cookie?.options.encode?.("%E0%A4%A")).toBe("%E0%A4%A");
  });

  test("keeps an expiring cookie expiring", () => {
    expect(parseSetCookie("authjs.session-token=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax")).toEqual({
      name: "authjs.session-token",
      value: "",
      options: { path: "/", maxAge: 0, httpOnly: true, secure: false, sameSite: "lax" },
    });
  });

  test("is case-insensitive on attribute names and values, and ignores what it does not know", () => {
    expect(parseSetCookie("a=1; path=/x; max-age=5; httponly; SECURE; samesite=STRICT; Priority=High; Max-Age=soon")?.options).toEqual({
      path: "/x",
      maxAge: 5,
      httpOnly: true,
      secure: true,
      sameSite: "strict",
    });
    expect(parseSetCookie("a=1; SameSite=bogus; Expires=not a date; Domain=")?.options).toEqual({ path: "/", httpOnly: false, secure: false });
  });

  test("refuses a header without a name", () => {
    expect(parseSetCookie("=value")).toBeUndefined();
    expect(parseSetCookie("novalue")).toBeUndefined();
    expect(parseSetCookie("")).toBeUndefined();
  });

  test("keeps '=' inside the value", () => {
    expect(parseSetCookie("a=b=c; Path=/")?.value).toBe("b=c");
  });
});

describe("setCookies with kitSetCookie", () => {
  test("sets each cookie of an Auth.js redirect through cookies.set, in order", () => {
    const calls: [string, string, KitCookieOptions][] = [];
    const headers = new Headers({ location: "http://localhost/" });
    headers.append("set-cookie", "authjs.session-token.0=aaa; Path=/; HttpOnly; SameSite=Lax");
    headers.append("set-cookie", "authjs.session-token.1=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
    headers.append("set-cookie", "=broken");
    const { cookies } = authRedirect(new Response(null, { status: 302, headers }));
    setCookies({ set: (name, value, options) => void calls.push([name, value, options]) }, cookies.map(kitSetCookie));
    expect(calls.map(([name, value, options]) => [name, value, options.maxAge])).toEqual([
      ["authjs.session-token.0", "aaa", undefined],
      ["authjs.session-token.1", "", 0],
    ]);
  });
});

import { describe, expect, test } from "vitest";
import { type CookieOptions, parseSetCookie } from "../src/index.js";
import { createTestSession } from "./fixture.js";
import { updateRequest } from "./signed-in.js";

describe("parseSetCookie", () => {
  test("round-trips the cookies the handler writes (what Next and SvelteKit bindings hand to their cookie APIs)", async () => {
    const safe = createTestSession();
    const response = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }));
    const csrf = await safe.handler(new Request("https://app.example/auth/csrf"));
    const lines = [...response.headers.getSetCookie(), ...csrf.headers.getSetCookie()];
    // The session token, the expired chunk names, and the CSRF cookie (https: __Host-, Secure).
    expect(lines.some((line) => line.includes("Max-Age=0"))).toBe(true);
    expect(lines.some((line) => line.startsWith("__Host-authjs.csrf-token="))).toBe(true);
    for (const line of lines) {
      const parsed = parseSetCookie(line);
      expect(parsed).toBeDefined();
      const { name, raw, options } = parsed as NonNullable<typeof parsed>;
      // Written back by hand, attribute by attribute, it is the same line.
      const parts = [`${name}=${raw}`];
      if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
      parts.push(`Path=${options.path}`);
      if (options.expires) parts.push(`Expires=${options.expires.toUTCString()}`);
      if (options.httpOnly) parts.push("HttpOnly");
      if (options.secure) parts.push("Secure");
      const sameSite = String(options.sameSite ?? "");
      if (sameSite) parts.push(`SameSite=${sameSite[0]?.toUpperCase()}${sameSite.slice(1)}`);
      expect(parts.join("; ")).toBe(line);
    }
  });

  test("every attribute, in any case and order", () => {
    const expires = new Date("2030-01-02T03:04:05Z");
    const parsed = parseSetCookie(
      `__Host-a=b%7Cc; secure; PATH=/app; domain=example.com; Max-Age=-5; expires=${expires.toUTCString()}; HTTPONLY; Partitioned; SameSite=None`,
    );
    expect(parsed).toEqual({
      name: "__Host-a",
      raw: "b%7Cc",
      value: "b|c",
      options: {
        secure: true,
        path: "/app",
        domain: "example.com",
        maxAge: -5,
        expires,
        httpOnly: true,
        partitioned: true,
        sameSite: "none",
      } satisfies CookieOptions,
    });
  });

  test.each([
    ["lax", "lax"],
    ["Strict", "strict"],
    ["none", "none"],
    ["sideways", undefined],
    ["", undefined],
  ])("SameSite=%s → %s", (value, sameSite) => {
    expect(parseSetCookie(`a=b; SameSite=${value}`)?.options.sameSite).toBe(sameSite);
  });

  test("only the attributes the header carries; unusable values are left out", () => {
    expect(parseSetCookie("a=b")).toEqual({ name: "a", raw: "b", value: "b", options: {} });
    expect(parseSetCookie("a=b; Path=; Domain=; Max-Age=soon; Max-Age=1.5; Expires=never; Unknown=1")?.options).toEqual(
      {},
    );
    expect(parseSetCookie(" a = b ; Max-Age=0")).toEqual({ name: "a", raw: "b", value: "b", options: { maxAge: 0 } });
    // Attributes written without "=" carry no value: a bare Path, Domain or SameSite sets nothing.
    expect(parseSetCookie("a=b; Path; Domain; Max-Age; SameSite")?.options).toEqual({});
  });

  test("a value that does not decode keeps its raw form, with value undefined", () => {
    expect(parseSetCookie("a=%E0%A4%A")).toEqual({ name: "a", raw: "%E0%A4%A", value: undefined, options: {} });
  });

  test("an empty value (an expired cookie) parses", () => {
    expect(parseSetCookie("a=; Max-Age=0; Path=/")).toEqual({
      name: "a",
      raw: "",
      value: "",
      options: { maxAge: 0, path: "/" },
    });
  });

  test.each(["", "novalue", "=value", "; Path=/"])("not a cookie: %j", (header) => {
    expect(parseSetCookie(header)).toBeUndefined();
  });

  test("the value may contain '='", () => {
    expect(parseSetCookie("a=b=c; Path=/")).toMatchObject({ name: "a", raw: "b=c", value: "b=c" });
  });
});

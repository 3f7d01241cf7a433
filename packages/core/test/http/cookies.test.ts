import { describe, expect, test } from "vitest";
import { chunkCookies, expiredCookie, parseCookies, readChunked, serializeCookie } from "../../src/http/cookies.js";
import { getSetCookies, parseSetCookie, type CookieOptions } from "../../src/index.js";
import { createTestSession } from "../support/fixture.js";
import { updateRequest } from "../support/signed-in.js";

describe("cookies", () => {
  test("parse: first value wins, quotes and percent-encoding handled, no prototype", () => {
    const cookies = parseCookies('a=1; b="two"; a=3; c=%7C; __proto__=x');
    expect(cookies.a).toBe("1");
    expect(cookies.b).toBe("two");
    expect(cookies.c).toBe("|");
    expect(Object.getPrototypeOf(cookies)).toBeNull();
  });

  test("a large token is chunked, read back, and stale chunks are expired", () => {
    const value = "x".repeat(9000);
    const written = chunkCookies("s", value, { path: "/" }, ["s", "s.0", "s.1", "s.2", "s.3"], (stale) =>
      expiredCookie(stale, { path: "/" }),
    );
    expect(written.filter((c) => c.value).map((c) => c.name)).toEqual(["s.0", "s.1", "s.2"]);
    expect(
      written
        .filter((c) => !c.value)
        .map((c) => c.name)
        .sort(),
    ).toEqual(["s", "s.3"]);
    const jar = Object.fromEntries(written.filter((c) => c.value).map((c) => [c.name, c.value]));
    expect(readChunked(jar, "s")).toMatchObject({ value, malformed: false });
  });

  test("a small token after a chunked one expires every chunk", () => {
    const written = chunkCookies("s", "small", {}, ["s.0", "s.1"], (stale) => expiredCookie(stale, {}));
    expect(written.map((c) => [c.name, c.value, c.options.maxAge])).toEqual([
      ["s", "small", undefined],
      ["s.0", "", 0],
      ["s.1", "", 0],
    ]);
  });

  test("gaps, stray indexes and a single cookie beside chunks are malformed", () => {
    expect(readChunked({ "s.0": "a", "s.2": "c" }, "s").malformed).toBe(true);
    expect(readChunked({ "s.0": "a", "s.x": "c" }, "s").malformed).toBe(true);
    expect(readChunked({ s: "a", "s.0": "b" }, "s").malformed).toBe(true);
    expect(readChunked({ other: "a" }, "s")).toMatchObject({ value: undefined, malformed: false });
  });

  test("serialize", () => {
    expect(
      serializeCookie({
        name: "n",
        value: "a|b",
        options: { httpOnly: true, secure: true, sameSite: "lax", maxAge: 0 },
      }),
    ).toBe("n=a%7Cb; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax");
  });
});

describe("getSetCookies, for Headers without getSetCookie() (Remix's fetch polyfill)", () => {
  const legacy = (entries: [string, string][]) => ({
    get: (name: string) => entries.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1] ?? null,
    forEach: (callback: (value: string, name: string) => void) => {
      for (const [name, value] of entries) callback(value, name);
    },
  });

  test("joined values split at cookie boundaries, never inside Expires", () => {
    const headers = legacy([
      ["Content-Type", "application/json"],
      ["Set-Cookie", "a=1; Expires=Thu, 01 Jan 2030 00:00:00 GMT; Path=/, b=2,c=3;Path=/"],
      ["set-cookie", "d=4"],
    ]);
    expect(getSetCookies(headers)).toEqual([
      "a=1; Expires=Thu, 01 Jan 2030 00:00:00 GMT; Path=/",
      "b=2",
      "c=3;Path=/",
      "d=4",
    ]);
  });

  test("no Set-Cookie: none", () => {
    expect(getSetCookies(legacy([["content-type", "text/plain"]]))).toEqual([]);
  });

  test("real Headers use getSetCookie()", () => {
    const headers = new Headers();
    headers.append("set-cookie", "a=1; Expires=Thu, 01 Jan 2030 00:00:00 GMT");
    headers.append("set-cookie", "b=2");
    expect(getSetCookies(headers)).toEqual(["a=1; Expires=Thu, 01 Jan 2030 00:00:00 GMT", "b=2"]);
  });
});

describe("parseSetCookie details", () => {
  test("multi-digit Max-Age, values trimmed, unknown attributes ignored whatever their value", () => {
    expect(parseSetCookie("a=b; Max-Age=3600; Path= /app ; Priority=Lax; X=Strict")?.options).toEqual({
      maxAge: 3600,
      path: "/app",
    });
  });
});

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

// Set-Cookie lines from a fetch implementation without getSetCookie() that joins them with a
// comma (older polyfills): split back into one string per cookie, never inside a date.

const joined = (value: string) => ({
  get: (name: string) => (name.toLowerCase() === "set-cookie" ? value : null),
  forEach: (callback: (value: string, name: string) => void) => callback(value, "Set-Cookie"),
});

describe("getSetCookies on joined Set-Cookie values", () => {
  test("Auth.js's cookie names (long, dotted, prefixed) each start a cookie", () => {
    const line =
      "__Secure-authjs.session-token=abc; Path=/; Expires=Wed, 01 Jan 2031 00:00:00 GMT; HttpOnly,authjs.csrf-token=x%7Cy; Path=/, authjs.callback-url=http%3A%2F%2Flocalhost%3A3000";
    expect(getSetCookies(joined(line))).toEqual([
      "__Secure-authjs.session-token=abc; Path=/; Expires=Wed, 01 Jan 2031 00:00:00 GMT; HttpOnly",
      "authjs.csrf-token=x%7Cy; Path=/",
      "authjs.callback-url=http%3A%2F%2Flocalhost%3A3000",
    ]);
  });
});

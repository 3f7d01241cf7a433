import { describe, expect, test } from "vitest";
import { SafeSessionError, getSetCookies, parseErrorBody, parseSetCookie } from "../src/index.js";
import { CHUNK_SIZE, chunkCookies, expiredCookie } from "../src/http/cookies.js";

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

describe("chunking", () => {
  test("a token of exactly the chunk size is one cookie; one character more is two chunks", () => {
    const expire = (name: string) => expiredCookie(name, {});
    expect(chunkCookies("s", "x".repeat(CHUNK_SIZE), {}, [], expire).map((c) => c.name)).toEqual(["s"]);
    expect(chunkCookies("s", "x".repeat(CHUNK_SIZE + 1), {}, [], expire).map((c) => c.name)).toEqual(["s.0", "s.1"]);
  });
});

import { describe, expect, test } from "vitest";
import { chunkCookies, expiredCookie, parseCookies, readChunked, serializeCookie } from "./http/cookies.js";

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

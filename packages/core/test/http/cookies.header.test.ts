import { describe, expect, test } from "vitest";
import { parseCookies, serializeCookie } from "../../src/http/cookies.js";

describe("the Cookie header, read as browsers send it", () => {
  test("pairs split on ';', names and values trimmed, the first value of a name wins", () => {
    expect({ ...parseCookies("  a = 1 ;b=2;;c=3; a=4;") }).toEqual({ a: "1", b: "2", c: "3" });
  });

  test("segments without '=' or without a name are skipped; '=' inside a value is kept", () => {
    expect({ ...parseCookies("flag; =nameless; t=x=y==; last") }).toEqual({ t: "x=y==" });
  });

  test("an '=' after the segment's end belongs to the next pair", () => {
    expect({ ...parseCookies("noeq; a=1") }).toEqual({ a: "1" });
  });

  test("quoted values lose their quotes; an unpaired quote stays", () => {
    expect({ ...parseCookies('a="x"; c=""; d="y; e=y"') }).toEqual({ a: "x", c: "", d: '"y', e: 'y"' });
  });

  test("percent-encoding is decoded; a malformed one is kept as sent", () => {
    expect({ ...parseCookies("a=%7C%20x; b=%E0%A4%A; c=plain+text") }).toEqual({
      a: "| x",
      b: "%E0%A4%A",
      c: "plain+text",
    });
  });

  test("no header, or an empty one, is no cookies", () => {
    expect({ ...parseCookies(null) }).toEqual({});
    expect({ ...parseCookies("") }).toEqual({});
  });
});

describe("Set-Cookie lines", () => {
  test("every attribute, in the order Auth.js writes them", () => {
    const expires = new Date("2030-01-02T03:04:05Z");
    expect(
      serializeCookie({
        name: "n",
        value: "a b",
        options: {
          maxAge: 59.9,
          domain: "example.com",
          path: "/app",
          expires,
          httpOnly: true,
          secure: true,
          partitioned: true,
          sameSite: "none",
        },
      }),
    ).toBe(
      "n=a%20b; Max-Age=59; Domain=example.com; Path=/app; Expires=Wed, 02 Jan 2030 03:04:05 GMT; HttpOnly; Secure; Partitioned; SameSite=None",
    );
  });

  test("defaults: Path=/ and nothing else; sameSite true is Strict, false is none at all", () => {
    expect(serializeCookie({ name: "n", value: "v", options: {} })).toBe("n=v; Path=/");
    expect(serializeCookie({ name: "n", value: "v", options: { sameSite: true } })).toBe(
      "n=v; Path=/; SameSite=Strict",
    );
    expect(
      serializeCookie({
        name: "n",
        value: "v",
        options: { sameSite: false, httpOnly: false, secure: false, partitioned: false },
      }),
    ).toBe("n=v; Path=/");
  });
});

import { installGlobals } from "@remix-run/node";
import { afterEach, describe, expect, test } from "vitest";
import { ensureResponseJson, redirectWithCookies, withSetCookies } from "./fetch-compat.js";
import { type HeadersLike, getSetCookies } from "./index.js";

// The classes `remix-serve` puts on globalThis without v3_singleFetch (@remix-run/web-fetch),
// taken from installGlobals() and the native ones put back.
const native = { Headers, Request, Response, fetch, FormData, File };
installGlobals();
const PolyfillHeaders = globalThis.Headers;
const PolyfillResponse = globalThis.Response;
Object.assign(globalThis, native);

const SESSION = "authjs.session-token=abc.def; Path=/; Expires=Thu, 01 Jan 2099 00:00:00 GMT; HttpOnly; SameSite=Lax";
const CSRF = "authjs.csrf-token=tok%7Chash; Path=/; HttpOnly; SameSite=Lax";
const CALLBACK = "authjs.callback-url=http%3A%2F%2Flocalhost%3A3000; Path=/; SameSite=Lax";

/** A Headers-like object without `getSetCookie()`, iterating like the Fetch spec. */
function headersLike(entries: [string, string][]): HeadersLike {
  return {
    get: (name) =>
      entries
        .filter(([n]) => n === name.toLowerCase())
        .map(([, v]) => v)
        .join(", ") || null,
    forEach: (callback) => {
      for (const [name, value] of entries) callback(value, name);
    },
  };
}

describe("getSetCookies", () => {
  test("uses getSetCookie() when there is one", () => {
    const headers = new Headers();
    headers.append("set-cookie", SESSION);
    headers.append("set-cookie", CSRF);
    expect(getSetCookies(headers)).toEqual([SESSION, CSRF]);
  });

  test("without getSetCookie(), takes each Set-Cookie the iteration yields", () => {
    const headers = headersLike([
      ["content-type", "text/plain"],
      ["set-cookie", SESSION],
      ["set-cookie", CSRF],
    ]);
    expect(getSetCookies(headers)).toEqual([SESSION, CSRF]);
  });

  test("splits a joined Set-Cookie at cookie boundaries, not inside Expires", () => {
    const headers = headersLike([["set-cookie", [SESSION, CSRF, CALLBACK].join(", ")]]);
    expect(getSetCookies(headers)).toEqual([SESSION, CSRF, CALLBACK]);
  });

  test("reads the @remix-run/web-fetch polyfill, which has no getSetCookie()", () => {
    const headers = new PolyfillHeaders();
    headers.append("set-cookie", SESSION);
    headers.append("set-cookie", CSRF);
    expect("getSetCookie" in headers).toBe(false);
    expect(getSetCookies(headers)).toEqual([SESSION, CSRF]);
  });

  test("no cookies, no values", () => {
    expect(getSetCookies(headersLike([["location", "/"]]))).toEqual([]);
  });
});

describe("withSetCookies", () => {
  test("keeps init and appends every cookie of every source, one header each", () => {
    const a = headersLike([["set-cookie", SESSION]]);
    const b = new PolyfillHeaders([["set-cookie", CSRF]]);
    const headers = withSetCookies({ "x-kept": "1" }, a, b);
    expect(headers.get("x-kept")).toBe("1");
    expect(headers.getSetCookie()).toEqual([SESSION, CSRF]);
  });
});

describe("redirectWithCookies", () => {
  test("a 302 with Location and every cookie, one header each, nothing else", () => {
    const response = redirectWithCookies("/dashboard", [SESSION, CALLBACK]);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/dashboard");
    expect(response.headers.getSetCookie()).toEqual([SESSION, CALLBACK]);
    expect(response.headers.get("content-type")).toBeNull();
  });

  test("of the polyfill's classes when they are the global ones", () => {
    const native = globalThis.Headers;
    globalThis.Headers = PolyfillHeaders as unknown as typeof Headers;
    try {
      expect(getSetCookies(redirectWithCookies("/", [SESSION, CSRF]).headers)).toEqual([SESSION, CSRF]);
    } finally {
      globalThis.Headers = native;
    }
  });
});

describe("ensureResponseJson", () => {
  const original = globalThis.Response;
  afterEach(() => {
    globalThis.Response = original;
  });

  test("adds the static json() the polyfill lacks, and leaves a native one alone", async () => {
    const nativeJson = Response.json;
    ensureResponseJson();
    expect(Response.json).toBe(nativeJson);

    globalThis.Response = PolyfillResponse as unknown as typeof Response;
    expect(typeof (PolyfillResponse as { json?: unknown }).json).toBe("undefined");
    ensureResponseJson();
    const response = Response.json({ ok: true }, { status: 400 });
    expect(response).toBeInstanceOf(PolyfillResponse);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ ok: true });
    Reflect.deleteProperty(PolyfillResponse, "json");
  });
});

import { describe, expect, it } from "vitest";
import { getSetCookies } from "../src/index.js";

// Set-Cookie lines from a fetch implementation without getSetCookie() that joins them with a
// comma (older polyfills): split back into one string per cookie, never inside a date.

const joined = (value: string) => ({
  get: (name: string) => (name.toLowerCase() === "set-cookie" ? value : null),
  forEach: (callback: (value: string, name: string) => void) => callback(value, "Set-Cookie"),
});

describe("getSetCookies on joined Set-Cookie values", () => {
  it("Auth.js's cookie names (long, dotted, prefixed) each start a cookie", () => {
    const line =
      "__Secure-authjs.session-token=abc; Path=/; Expires=Wed, 01 Jan 2031 00:00:00 GMT; HttpOnly,authjs.csrf-token=x%7Cy; Path=/, authjs.callback-url=http%3A%2F%2Flocalhost%3A3000";
    expect(getSetCookies(joined(line))).toEqual([
      "__Secure-authjs.session-token=abc; Path=/; Expires=Wed, 01 Jan 2031 00:00:00 GMT; HttpOnly",
      "authjs.csrf-token=x%7Cy; Path=/",
      "authjs.callback-url=http%3A%2F%2Flocalhost%3A3000",
    ]);
  });
});

import { type FrameworkCookie, followRedirect, toFrameworkCookie } from "@safe-session/core/binding";
import { describe, expect, test } from "vitest";
import { type KitCookieOptions, setCookies } from "./cookies.js";

function recorder() {
  const calls: [string, string, KitCookieOptions][] = [];
  return {
    calls,
    cookies: {
      set: (name: string, value: string, options: KitCookieOptions) => void calls.push([name, value, options]),
    },
  };
}

describe("setCookies", () => {
  test("sets each cookie of an Auth.js redirect through cookies.set, in order, every flag said", async () => {
    const headers = new Headers({ location: "http://localhost/" });
    headers.append("set-cookie", "authjs.session-token.0=a%7Cb; Path=/; HttpOnly; SameSite=Lax");
    headers.append("set-cookie", "authjs.session-token.1=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax");
    headers.append("set-cookie", "=broken");
    const { cookies: list } = await followRedirect(new Response(null, { status: 302, headers }), {
      base: "http://localhost/",
    });
    const { calls, cookies } = recorder();
    setCookies(cookies, list);
    expect(calls).toEqual([
      ["authjs.session-token.0", "a|b", { path: "/", httpOnly: true, secure: false, sameSite: "lax" }],
      ["authjs.session-token.1", "", { path: "/", maxAge: 0, httpOnly: true, secure: false, sameSite: "lax" }],
    ]);
  });

  test("decoded values are left to SvelteKit's encoding; a verbatim one is written as it came", () => {
    const { calls, cookies } = recorder();
    const verbatim: FrameworkCookie = {
      name: "x",
      value: "%E0%A4%A",
      options: { path: "/", httpOnly: false, secure: false },
      verbatim: true,
    };
    setCookies(cookies, [toFrameworkCookie({ name: "c", value: "abc|def", options: {} }), verbatim]);
    expect(calls[0]?.[2].encode).toBeUndefined();
    expect(calls[1]?.[2].encode?.("%E0%A4%A")).toBe("%E0%A4%A");
  });
});

/** Core answers with `Set-Cookie` headers; SvelteKit wants them through `event.cookies.set`. */
import type { Cookie, ParsedSetCookie } from "@safe-session/core";
import type { Cookies } from "@sveltejs/kit";

export type KitCookieOptions = Parameters<Cookies["set"]>[2];

export interface KitCookie {
  name: string;
  value: string;
  options: KitCookieOptions;
}

/**
 * A parsed `Set-Cookie` (core's `authRedirect` reads them) as `cookies.set(name, value, options)`
 * takes it. Every flag is explicit because SvelteKit fills missing ones with its own defaults
 * (`httpOnly: true`, `secure: true` off localhost), which would change the cookie.
 */
export function kitSetCookie(parsed: ParsedSetCookie): KitCookie {
  // SvelteKit encodes the value with encodeURIComponent again, so it gets the decoded one;
  // a value that does not decode is passed through byte for byte.
  return kitCookie({ name: parsed.name, value: parsed.value ?? parsed.raw, options: parsed.options }, parsed.value === undefined);
}

/** One of core's cookies as `cookies.set(name, value, options)` takes it. */
export function kitCookie({ name, value, options: cookieOptions }: Cookie, raw = false): KitCookie {
  const { path = "/", httpOnly = false, secure = false, sameSite, ...rest } = cookieOptions;
  const options: KitCookieOptions = { ...rest, path, httpOnly, secure, ...(typeof sameSite === "string" ? { sameSite } : {}) };
  if (raw) options.encode = (v) => v;
  return { name, value, options };
}

/** Sets `list` on `cookies`, in order (a later one for a name wins). */
export function setCookies(cookies: Pick<Cookies, "set">, list: readonly KitCookie[]): void {
  for (const cookie of list) cookies.set(cookie.name, cookie.value, cookie.options);
}

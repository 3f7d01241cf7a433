/** Core answers with `Set-Cookie` headers; SvelteKit wants them through `event.cookies.set`. */
import { type Cookie, parseSetCookie as parseCookieHeader } from "@safe-session/core";
import type { Cookies } from "@sveltejs/kit";

export type KitCookieOptions = Parameters<Cookies["set"]>[2];

export interface KitCookie {
  name: string;
  value: string;
  options: KitCookieOptions;
}

/**
 * Parses one `Set-Cookie` header into `cookies.set(name, value, options)` arguments.
 * Every flag is explicit because SvelteKit fills missing ones with its own defaults
 * (`httpOnly: true`, `secure: true` off localhost), which would change the cookie.
 */
export function parseSetCookie(header: string): KitCookie | undefined {
  const parsed = parseCookieHeader(header);
  if (!parsed) return undefined;
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

/** Copies every `Set-Cookie` of an Auth.js answer into `cookies`. */
export function applySetCookies(cookies: Pick<Cookies, "set">, headers: Headers): void {
  setCookies(cookies, headers.getSetCookie().flatMap((header) => parseSetCookie(header) ?? []));
}

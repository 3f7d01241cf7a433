/** Core answers with `Set-Cookie` headers; SvelteKit wants them through `event.cookies.set`. */
import { parseSetCookie as parseCookieHeader } from "@safe-session/core";
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
  const { path = "/", httpOnly = false, secure = false, sameSite, ...rest } = parsed.options;
  const options: KitCookieOptions = { ...rest, path, httpOnly, secure, ...(typeof sameSite === "string" ? { sameSite } : {}) };
  // SvelteKit encodes the value with encodeURIComponent again, so it gets the decoded one;
  // a value that does not decode is passed through byte for byte.
  if (parsed.value === undefined) options.encode = (v) => v;
  return { name: parsed.name, value: parsed.value ?? parsed.raw, options };
}

/** Copies every `Set-Cookie` of `headers` into `cookies`, in order (a later one for a name wins). */
export function applySetCookies(cookies: Pick<Cookies, "set">, headers: Headers): void {
  for (const header of headers.getSetCookie()) {
    const cookie = parseSetCookie(header);
    if (cookie) cookies.set(cookie.name, cookie.value, cookie.options);
  }
}

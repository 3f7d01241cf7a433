import type { Cookie, CookieOptions, ParsedSetCookie } from "../http/cookies.js";

/** A cookie's attributes as framework cookie APIs take them: `sameSite` a string, the flags always said. */
export interface FrameworkCookieOptions extends Omit<CookieOptions, "sameSite" | "path" | "httpOnly" | "secure"> {
  path: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite?: "lax" | "strict" | "none";
}

/** One cookie for a framework's own cookie API (Next's `cookies().set`, SvelteKit's `event.cookies.set`). */
export interface FrameworkCookie {
  name: string;
  /** Decoded: the framework percent-encodes it again when it writes the cookie. */
  value: string;
  options: FrameworkCookieOptions;
  /**
   * `true` when `value` is the `Set-Cookie` value as sent because it does not decode: write it
   * without encoding it again where the framework allows (SvelteKit's `encode`).
   */
  verbatim: boolean;
}

/**
 * Core's cookie (`SessionResult.cookies`) or a parsed `Set-Cookie` (`followRedirect`'s) as a
 * framework's cookie API takes it. Every flag is explicit because frameworks fill missing ones
 * with their own defaults (SvelteKit: `httpOnly: true`, `secure: true` off localhost), which would
 * change the cookie; `sameSite: true` is `"strict"`, as core writes it in a `Set-Cookie`. One
 * argument, so `cookies.map(toFrameworkCookie)` is safe.
 *
 * @example
 * const { session, cookies } = await safe.readSession(request);
 * for (const { name, value, options } of cookies.map(toFrameworkCookie)) cookieStore.set({ name, value, ...options });
 */
export function toFrameworkCookie(cookie: Cookie | ParsedSetCookie): FrameworkCookie {
  const parsed = "raw" in cookie;
  const value = parsed ? (cookie.value ?? cookie.raw) : cookie.value;
  const { path = "/", httpOnly = false, secure = false, sameSite, ...rest } = cookie.options;
  const named = sameSite === true ? "strict" : sameSite === false ? undefined : sameSite;
  const options: FrameworkCookieOptions = {
    ...rest,
    path,
    httpOnly,
    secure,
    ...(named === undefined ? {} : { sameSite: named }),
  };
  return { name: cookie.name, value, options, verbatim: parsed && cookie.value === undefined };
}

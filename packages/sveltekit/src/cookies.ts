/** Core answers with cookies; SvelteKit wants them through `event.cookies.set`. */
import type { FrameworkCookie } from "@safe-session/core/binding";
import type { Cookies } from "@sveltejs/kit";

export type KitCookieOptions = Parameters<Cookies["set"]>[2];

/**
 * Sets core's cookies (`toFrameworkCookie`'s) on `cookies`, in order (a later one for a name
 * wins). SvelteKit encodes each value with `encodeURIComponent`; a verbatim one (a `Set-Cookie`
 * value that does not decode) is written byte for byte instead.
 */
export function setCookies(cookies: Pick<Cookies, "set">, list: readonly FrameworkCookie[]): void {
  for (const { name, value, options, verbatim } of list) {
    const kitOptions: KitCookieOptions = verbatim ? { ...options, encode: (raw) => raw } : options;
    cookies.set(name, value, kitOptions);
  }
}

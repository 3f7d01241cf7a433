import { type HeadersLike, type ParsedSetCookie, getSetCookies, parseSetCookie } from "./cookies.js";
import { redirectLocation } from "./origin.js";

/** Auth.js's answer to a sign-in or sign-out, as a binding hands it on to its framework. */
export interface AuthRedirect {
  /**
   * Where the answer sends the browser; `undefined` when it is no redirect (a 3xx with a
   * `Location`). With a `base`, a target on the base's origin becomes a path (`redirectLocation`).
   */
  location: string | undefined;
  /** The answer's `Set-Cookie` headers as sent, one per cookie. */
  setCookies: string[];
  /** The same cookies parsed (an unparsable one is dropped), for frameworks that set cookies through their own API. */
  cookies: ParsedSetCookie[];
}

/**
 * The target and cookies of an Auth.js redirect (`signIn`, `signOut` from server code). Every
 * binding reads them here: with or without `getSetCookie()`, cookies read alike.
 */
export function authRedirect(response: { status: number; headers: HeadersLike }, base?: string | URL): AuthRedirect {
  const isRedirect = response.status >= 300 && response.status <= 399;
  const target = isRedirect ? response.headers.get("location") : null;
  const setCookies = getSetCookies(response.headers);
  return {
    location: target === null ? undefined : base === undefined ? target : redirectLocation(target, base),
    setCookies,
    cookies: setCookies.flatMap((header) => parseSetCookie(header) ?? []),
  };
}

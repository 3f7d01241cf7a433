import { authRedirect } from "../http/auth-redirect.js";
import { type SafeSessionError, isSafeSessionError } from "../errors.js";
import { type FrameworkCookie, toFrameworkCookie } from "./framework-cookie.js";

/** Core's answer to `signIn` or `signOut`, as a binding hands it on to its framework. */
export interface FollowedRedirect {
  /** Where to send the browser: a path when it stays on the base's origin, else the whole URL (an OAuth provider's). */
  location: string;
  /** The answer's cookies, for the framework's own cookie API. */
  cookies: FrameworkCookie[];
  /** The same cookies as the `Set-Cookie` headers sent, for frameworks that answer with a `Response`. */
  setCookies: string[];
}

/** How `followRedirect` reads an answer. */
export interface FollowRedirectOptions {
  /** The app request's URL: a target on its origin becomes a path (so it never depends on the host name the browser used). */
  base: string | URL;
  /**
   * What a refusal becomes in the framework (a sign-in posted from another site: `SafeSessionError`
   * `CSRF`); it must throw, e.g. SvelteKit's `error(refusal.status, refusal.message)`. Default: rethrown.
   */
  onRefusal?: (refusal: SafeSessionError) => never;
}

/**
 * Awaits core's `signIn`/`signOut` and reads Auth.js's redirect: its target and cookies. An answer
 * that is no redirect (a broken config's `500`) throws instead of sending the browser somewhere
 * that would hide it.
 *
 * @example
 * const { location, cookies } = await followRedirect(safe.signOut(request), { base: request.url });
 * for (const { name, value, options } of cookies) cookieStore.set({ name, value, ...options });
 * redirect(location);
 */
export async function followRedirect(
  answer: Response | Promise<Response>,
  options: FollowRedirectOptions,
): Promise<FollowedRedirect> {
  let response: Response;
  try {
    response = await answer;
  } catch (error) {
    if (isSafeSessionError(error) && options.onRefusal) options.onRefusal(error);
    throw error;
  }
  const { location, setCookies, cookies } = authRedirect(response, options.base);
  if (location === undefined) {
    await response.body?.cancel();
    throw new Error(`safe-session: Auth.js answered ${response.status} instead of a redirect (see the server's log)`);
  }
  return { location, cookies: cookies.map(toFrameworkCookie), setCookies };
}

import { authRoute } from "../routes/path.js";

/**
 * Whether a binding hands this path to core's handler: a path under `{basePath}/` where Auth.js's
 * router (`parseActionAndProviderId`) reads an action. `{basePath}` itself, `{basePath}/`, an
 * unknown action and a path that merely starts with the base path's letters (`/authx/session`) are
 * the app's: Auth.js would answer them `UnknownAction`. Auth.js reads the base path as a bare
 * prefix (`/authsession` is its `session`), but no framework router (Next's `[...nextauth]`,
 * Remix's `auth.$`) hands such a path to the auth route, so a binding that decides itself
 * (SvelteKit's `handle`, Remix's middleware) does not either: every binding agrees.
 *
 * @example
 * isAuthPath("/auth/session", "/auth"); // true
 * isAuthPath("/auth", "/auth"); // false: the app's page, if it has one
 * isAuthPath("/authx/session", "/auth"); // false
 */
export function isAuthPath(pathname: string, basePath: string): boolean {
  return pathname.startsWith(`${basePath}/`) && authRoute(pathname, basePath) !== undefined;
}

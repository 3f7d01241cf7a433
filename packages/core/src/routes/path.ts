/**
 * Which Auth.js action a path is, read exactly as `Auth()` reads it (`parseActionAndProviderId` in
 * @auth/core 0.41): the base path as a pattern, empty segments dropped, one or two segments. One
 * reading for both routers, so no spelling of a path (`//session`, `/session/`, a base path
 * written without its slash) can reach `Auth()`'s own `session` action around the update contract.
 */
export interface AuthRoute {
  action: string;
  providerId: string | undefined;
}

const ACTIONS = new Set([
  "providers",
  "session",
  "csrf",
  "signin",
  "signout",
  "callback",
  "verify-request",
  "error",
  "webauthn-options",
]);
const WITH_PROVIDER = new Set(["signin", "callback", "webauthn-options"]);
const patterns = new Map<string, RegExp>();

/** The action `Auth()` would run for this path, or `undefined` where it answers `UnknownAction`. */
export function authRoute(pathname: string, basePath: string): AuthRoute | undefined {
  const rest = (patterns.get(basePath) ?? compile(basePath))?.exec(pathname)?.at(-1);
  if (rest === undefined) return undefined;
  const segments = rest.replace(/^\//, "").split("/").filter(Boolean);
  if (segments.length !== 1 && segments.length !== 2) return undefined;
  const [action = "", providerId] = segments;
  if (!ACTIONS.has(action)) return undefined;
  if (providerId !== undefined && !WITH_PROVIDER.has(action)) return undefined;
  return { action, providerId: providerId === "undefined" ? undefined : providerId };
}

/** The base path as Auth.js makes it a pattern; `undefined` when it is none (Auth.js then reads no action). */
function compile(basePath: string): RegExp | undefined {
  try {
    // Auth.js interpolates the base path into a RegExp as it is; so does this reading.
    const pattern = new RegExp(`^${basePath}(.+)`);
    if (patterns.size < 64) patterns.set(basePath, pattern);
    return pattern;
  } catch {
    return undefined;
  }
}

/**
 * The path of the app's sign-in page as Auth.js sends visitors to it: `pages.signIn`, else its own
 * page at `{basePath}/signin`.
 *
 * @example
 * signInPage({ basePath: "/auth" }); // "/auth/signin"
 * signInPage({ basePath: "/auth", pages: { signIn: "/login" } }); // "/login"
 */
export function signInPage(config: { basePath?: string; pages?: { signIn?: string } }): string {
  return config.pages?.signIn ?? `${config.basePath ?? ""}/signin`;
}

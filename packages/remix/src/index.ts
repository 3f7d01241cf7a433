import {
  type ContextArgs,
  type ExactPatch,
  type SafeSession,
  type SafeSessionData,
  type SafeSessionOptions,
  type SessionResult,
  type UpdateDefinitions,
  type UpdatePatch,
  createSafeSession,
  redirectLocation,
} from "@safe-session/core";
import { errorResponse, isSafeSessionError } from "@safe-session/core/errors";
import { ensureResponseJson, toRedirect, withSetCookies } from "./fetch-compat.js";

// Apps import everything from one package.
export * from "@safe-session/core";
export { withSetCookies } from "./fetch-compat.js";
export {
  createSessionMiddleware,
  type MiddlewareArgs,
  type RouterContextLike,
  type SessionContextKey,
  type SessionMiddleware,
} from "./middleware.js";

/**
 * Options of `createRemixSafeSession`: exactly core's. `C` is the loader's `context` (Remix's
 * `AppLoadContext`, React Router's context), which the config function and `clientAddress` get
 * as their context when they declare it; `unknown` otherwise.
 */
export type RemixSafeSessionOptions<U extends UpdateDefinitions, C = unknown> = SafeSessionOptions<U, C>;

/**
 * What Remix (`LoaderFunctionArgs`, `ActionFunctionArgs`) and React Router (`Route.LoaderArgs`)
 * hand a loader or an action: the Web `Request`, and the `context` that goes on to core.
 */
export type RouteArgs<C = unknown> = { request: Request } & (undefined extends C ? { context?: C } : { context: C });

export interface RequireSessionOptions {
  /** Where to send a visitor without a session. Default: `pages.signIn`, else `{basePath}/signin`. */
  redirectTo?: string;
}

/** Every method that takes a request also takes the loader's `context` last (see core's `ContextArgs`). */
export interface RemixSafeSession<U extends UpdateDefinitions, C = unknown> {
  /** The `loader` of the splat resource route `app/routes/auth.$.ts`. */
  loader(args: RouteArgs<C>): Promise<Response>;
  /** The `action` of the same route: sign-in callbacks, sign-out, `POST {basePath}/session`. */
  action(args: RouteArgs<C>): Promise<Response>;
  /** The session of a request, or `null`. */
  getSession(request: Request, ...context: ContextArgs<C>): Promise<SafeSessionData<U> | null>;
  /** The session plus `Set-Cookie` headers for a refreshed token: pass `headers` to `json()`. */
  readSession(request: Request, ...context: ContextArgs<C>): Promise<SessionResult<SafeSessionData<U> | null>>;
  /** Like `readSession`, but throws a redirect to the sign-in page when there is no session. */
  requireSession(
    request: Request,
    options?: RequireSessionOptions,
    ...context: ContextArgs<C>
  ): Promise<SessionResult<SafeSessionData<U>>>;
  /**
   * A server-side update from an action; pass `headers` to `redirect()` or `json()`.
   * Throws `SafeSessionError` (`FORBIDDEN`, `INVALID_VALUE`, `UNAUTHENTICATED`, …).
   */
  updateSession<P extends UpdatePatch<U>>(
    request: Request,
    patch: ExactPatch<U, P>,
    ...context: ContextArgs<C>
  ): Promise<SessionResult<SafeSessionData<U>>>;
  /** Signs in from an action; return (or throw) the redirect, which carries the session cookie. */
  signIn(...args: Parameters<SafeSession<U, C>["signIn"]>): Promise<Response>;
  /** Signs out from an action; return (or throw) the redirect, which clears the session cookie. */
  signOut(...args: Parameters<SafeSession<U, C>["signOut"]>): Promise<Response>;
  /** The core instance, for what the binding does not wrap (`getToken`, `authConfig`). */
  readonly safe: SafeSession<U, C>;
}

export function createRemixSafeSession<const U extends UpdateDefinitions, C = unknown>(
  options: RemixSafeSessionOptions<U, C>,
): RemixSafeSession<U, C> {
  const safe = createSafeSession<U, C>(options);

  async function handle({ request, context }: RouteArgs<C>): Promise<Response> {
    ensureResponseJson();
    // `context` is `C` whenever `C` excludes `undefined` (`RouteArgs` requires it then).
    return safe.handler(request, ...([context] as ContextArgs<C>));
  }

  return {
    loader: handle,
    action: handle,
    getSession: (request, ...context) => safe.getSession(request, ...context),
    readSession: (request, ...context) => safe.readSession(request, ...context),
    async requireSession(request, requireOptions = {}, ...context) {
      const { session, headers, cookies } = await safe.readSession(request, ...context);
      if (session !== null) return { session, headers, cookies };
      const { pages, basePath } = await safe.authConfig(request, ...context);
      const url = new URL(request.url);
      const target = new URL(requireOptions.redirectTo ?? pages?.signIn ?? `${basePath}/signin`, url);
      // Auth.js's own name for "come back here"; its `redirect` callback checks it on sign-in.
      target.searchParams.set("callbackUrl", `${url.pathname}${url.search}`);
      const location = redirectLocation(target, url);
      // The cookies expire a tampered or stale session cookie on the way to the sign-in page.
      throw new Response(null, { status: 302, headers: withSetCookies({ location }, headers) });
    },
    updateSession: (request, patch, ...context) => safe.updateSession(request, patch, ...context),
    signIn: (...args) => refusalAsResponse(() => safe.signIn(...args)),
    signOut: (...args) => refusalAsResponse(() => safe.signOut(...args)),
    safe,
  };
}

/**
 * Core's redirect for an action to return; a refusal (a sign-in posted from another site) is
 * thrown as the contract's error `Response`, which Remix answers with its status, not a 500.
 */
async function refusalAsResponse(run: () => Promise<Response>): Promise<Response> {
  ensureResponseJson();
  try {
    return toRedirect(await run());
  } catch (error) {
    if (isSafeSessionError(error)) throw errorResponse(error);
    throw error;
  }
}

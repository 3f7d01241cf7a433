import type {
  ContextArgs,
  ExactPatch,
  SafeSession,
  SafeSessionData,
  SafeSessionOptions,
  SessionResult,
  UpdateDefinitions,
  UpdatePatch,
} from "@safe-session/core";

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

/** Options of `requireSession`. */
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

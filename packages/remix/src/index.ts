import { type ContextArgs, type UpdateDefinitions, createSafeSession } from "@safe-session/core";
import {
  type SafeSessionError,
  errorResponse,
  followRedirect,
  isSafeSessionError,
  redirectLocation,
  signInPage,
} from "@safe-session/core/binding";
import { ensureResponseJson, redirectWithCookies, withSetCookies } from "./fetch-compat.js";
import type { RemixSafeSession, RemixSafeSessionOptions, RouteArgs } from "./types.js";

// What an app imports beside the factory: update definitions, errors, stores, the session's types.
export {
  ERROR_STATUS,
  MemoryStore,
  SafeSessionError,
  defineUpdates,
  forwardedClientAddress,
  isSafeSessionError,
  parseErrorBody,
} from "@safe-session/core";
export type {
  AuthorizeContext,
  SafeJWT,
  SafeSession,
  SafeSessionData,
  SafeSessionErrorCode,
  SafeSessionStore,
} from "@safe-session/core";
export type {
  ContextArgs,
  ExactPatch,
  SessionResult,
  UpdateDefinitions,
  UpdatePatch,
  UpdatesOf,
} from "@safe-session/core";
// Cookies under either fetch implementation, for apps that merge headers themselves.
export { getSetCookies, type HeadersLike } from "@safe-session/core/binding";
export { withSetCookies } from "./fetch-compat.js";
export {
  createSessionMiddleware,
  type MiddlewareArgs,
  type RouterContextLike,
  type SessionContextKey,
  type SessionMiddleware,
} from "./middleware.js";
export type { RemixSafeSession, RemixSafeSessionOptions, RequireSessionOptions, RouteArgs } from "./types.js";

/**
 * Everything a Remix (or React Router framework mode) app needs, on one core instance.
 *
 * @example
 * // app/auth.server.ts
 * export const auth = createRemixSafeSession({ config: (request, context) => authConfig, updates });
 */
export function createRemixSafeSession<const U extends UpdateDefinitions, C = unknown>(
  options: RemixSafeSessionOptions<U, C>,
): RemixSafeSession<U, C> {
  // An app's own `clientAddress` wins; else the address the server put in the load context.
  const safe = createSafeSession<U, C>({ ...options, clientAddress: options.clientAddress ?? loadContextAddress });

  async function handle({ request, context }: RouteArgs<C>): Promise<Response> {
    ensureResponseJson();
    // `context` is `C` whenever `C` excludes `undefined` (`RouteArgs` requires it then).
    return safe.handler(request, ...([context] as ContextArgs<C>));
  }

  return {
    loader: handle,
    action: handle,
    getSession: (request, ...context) => urlRefusalAsResponse(safe.getSession(request, ...context)),
    readSession: (request, ...context) => urlRefusalAsResponse(safe.readSession(request, ...context)),
    async requireSession(request, requireOptions = {}, ...context) {
      const { session, headers, cookies } = await urlRefusalAsResponse(safe.readSession(request, ...context));
      if (session !== null) return { session, headers, cookies };
      const config = await safe.authConfig(request, ...context);
      const url = new URL(request.url);
      const target = new URL(requireOptions.redirectTo ?? signInPage(config), url);
      // Auth.js's own name for "come back here"; its `redirect` callback checks it on sign-in.
      target.searchParams.set("callbackUrl", `${url.pathname}${url.search}`);
      const location = redirectLocation(target, url);
      // The cookies expire a tampered or stale session cookie on the way to the sign-in page.
      throw new Response(null, { status: 302, headers: withSetCookies({ location }, headers) });
    },
    updateSession: (request, patch, ...context) => safe.updateSession(request, patch, ...context),
    signIn: (...args) => followAsResponse(args[0], () => safe.signIn(...args)),
    signOut: (...args) => followAsResponse(args[0], () => safe.signOut(...args)),
    safe,
  };
}

/**
 * A read refuses only when the page's address names a `urlFields` value the user may not have
 * (`FORBIDDEN`): thrown from a loader as the contract's `403` Response, which Remix renders
 * through the route's error boundary with that status, not a 500.
 */
async function urlRefusalAsResponse<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (isSafeSessionError(error) && error.code === "FORBIDDEN") {
      ensureResponseJson();
      throw errorResponse(error);
    }
    throw error;
  }
}

/**
 * The binding's convention for the per-address sign-in limit: the server that builds the load
 * context puts the connection's address in it as `clientAddress` (Express:
 * `getLoadContext: (req) => ({ clientAddress: req.socket.remoteAddress })`). It comes from the
 * socket, so a client cannot pick a new one per request as it can with a forwarded header.
 */
function loadContextAddress(_request: Request, context: unknown): string | undefined {
  const address =
    typeof context === "object" && context !== null
      ? (context as { clientAddress?: unknown }).clientAddress
      : undefined;
  return typeof address === "string" && address !== "" ? address : undefined;
}

/**
 * Core's redirect for an action to return (a same-origin target as a path, as in every binding);
 * a refusal (a sign-in posted from another site) is thrown as the contract's error `Response`,
 * which Remix answers with its status, not a 500.
 */
async function followAsResponse(request: Request, run: () => Promise<Response>): Promise<Response> {
  ensureResponseJson();
  const onRefusal = (refusal: SafeSessionError): never => {
    throw errorResponse(refusal);
  };
  const { location, setCookies } = await followRedirect(run(), { base: request.url, onRefusal });
  return redirectWithCookies(location, setCookies);
}

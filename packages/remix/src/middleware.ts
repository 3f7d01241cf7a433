/**
 * React Router middleware (default in 8, `future.v8_middleware` in 7): the session read once per
 * request into the router context. Typed structurally against React Router's public
 * `RouterContext` (`{ defaultValue?: T }`) and `RouterContextProvider` (`get`/`set`), and nothing is
 * imported from `react-router`, so this package keeps serving Remix 2 apps that do not have it.
 */
import type { ExactPatch, SafeSessionData, SessionResult, UpdateDefinitions, UpdatePatch } from "@safe-session/core";
import { getSetCookies, isAuthPath } from "@safe-session/core/binding";
import type { RemixSafeSession } from "./types.js";

/** A router-context key: structurally React Router's `RouterContext<T>`, which `createContext()` returns. */
export interface SessionContextKey<T> {
  defaultValue?: T;
}

/** What middleware, loaders and actions get as `context`: structurally React Router's `RouterContextProvider`. */
export interface RouterContextLike {
  /** The value stored under `context`. */
  get<T>(context: SessionContextKey<T>): T;
  /** Stores `value` under `context` for the rest of the request. */
  set<C extends SessionContextKey<unknown>>(context: C, value: C extends SessionContextKey<infer T> ? T : never): void;
}

/** The arguments of a middleware, loader or action that the session middleware reads. */
export interface MiddlewareArgs {
  request: Request;
  context: RouterContextLike;
}

/** What `createSessionMiddleware` returns. */
export interface SessionMiddleware<U extends UpdateDefinitions> {
  /** `context.get(sessionContext)`: the request's session, or `null` when signed out. */
  readonly sessionContext: SessionContextKey<SafeSessionData<U> | null>;
  /**
   * A server middleware (`export const middleware = [sessionMiddleware]`): reads the session once
   * and sends the cookies of that read (a refresh, a revalidation drop, an expired bad cookie)
   * with the response, ahead of the route's own `Set-Cookie`s, so an update or sign-out wins.
   * Auth.js's routes (`isAuthPath`: `{basePath}/<action>`) pass through unread: the resource route answers them.
   */
  readonly sessionMiddleware: (args: MiddlewareArgs, next: () => Promise<Response>) => Promise<Response>;
  /**
   * `auth.updateSession` for an action, which also puts the new session in the context: on a form
   * post without JavaScript the loaders run after the action in the same request, and read it there.
   */
  updateSession<P extends UpdatePatch<U>>(
    args: MiddlewareArgs,
    patch: ExactPatch<U, P>,
  ): Promise<SessionResult<SafeSessionData<U>>>;
}

/**
 * The binding's entry points with the loader's `context` last, as core takes it (`ContextArgs`):
 * core keeps a request's context from its first call, for a config function of the request and
 * its context, so the middleware's read, which comes first, must pass it on.
 */
interface WithContext<U extends UpdateDefinitions> {
  readSession(request: Request, context: unknown): Promise<SessionResult<SafeSessionData<U> | null>>;
  updateSession(request: Request, patch: unknown, context: unknown): Promise<SessionResult<SafeSessionData<U>>>;
  safe: { authConfig(request: Request, context: unknown): Promise<{ basePath: string }> };
}

/**
 * React Router's server middleware over a binding: the session read once per request and kept in
 * the router context for loaders and actions.
 *
 * @example
 * export const { sessionContext, sessionMiddleware } = createSessionMiddleware(auth);
 * // app/root.tsx: export const middleware = [sessionMiddleware];
 */
export function createSessionMiddleware<U extends UpdateDefinitions, C = unknown>(
  auth: RemixSafeSession<U, C>,
): SessionMiddleware<U> {
  const binding = auth as unknown as WithContext<U>;
  // No default value: reading it where the middleware did not run throws React Router's
  // "No value found for context" instead of passing for a signed-out visitor.
  const sessionContext: SessionContextKey<SafeSessionData<U> | null> = {};
  // The contexts this middleware has read into: a second copy of it (root and a layout) reads nothing.
  const read = new WeakSet<RouterContextLike>();

  async function sessionMiddleware(
    { request, context }: MiddlewareArgs,
    next: () => Promise<Response>,
  ): Promise<Response> {
    if (read.has(context)) return next();
    const { basePath } = await binding.safe.authConfig(request, context);
    // Auth.js's routes are the resource route's; `{basePath}` itself is a page like any other.
    if (isAuthPath(new URL(request.url).pathname, basePath)) return next();
    read.add(context);
    const { session, headers } = await binding.readSession(request, context);
    context.set(sessionContext, session);
    return cookiesFirst(await next(), getSetCookies(headers));
  }

  return {
    sessionContext,
    sessionMiddleware,
    async updateSession(args, patch) {
      const result = await binding.updateSession(args.request, patch, args.context);
      args.context.set(sessionContext, result.session);
      return result;
    },
  };
}

/**
 * The response with `cookies` before its own `Set-Cookie`s: browsers apply them in order, so what
 * the route set (the update's token, sign-out's expiry) outlives the read's refresh. A new Response
 * on the same body, since a response's headers may be immutable (`Response.redirect`, `fetch`).
 */
function cookiesFirst(response: Response, cookies: string[]): Response {
  if (cookies.length === 0) return response;
  const headers = new Headers();
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  for (const cookie of getSetCookies(response.headers)) headers.append("set-cookie", cookie);
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers.append(name, value);
  });
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

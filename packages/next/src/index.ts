import type { ServerResponse } from "node:http";
import {
  type ExactPatch,
  type SafeJWT,
  type SafeSession,
  type SafeSessionData,
  type SafeSessionOptions,
  type UpdateDefinitions,
  type UpdatePatch,
  authRedirect,
  createSafeSession,
  formFields,
} from "@safe-session/core";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { type NextCookie, type NodeRequest, nextCookie, nextSetCookie, requestFromHeaders } from "./convert.js";
import { type PagesSafeSession, pagesSafeSession } from "./pages.js";

export * from "@safe-session/core";
// For `getServerSideProps` and custom API routes: `safe.getSession(toWebRequest(req))`.
export { toWebRequest, sendWebResponse, type NodeRequest } from "./convert.js";
export { createPagesSafeSession, type PagesSafeSession } from "./pages.js";

/**
 * The same options as core: nothing here changes how sessions or updates work. Next hands a
 * handler, server component or action nothing beside the request, so core's context argument
 * stays `undefined`: a config function reads what it needs from the request.
 */
export type NextSafeSessionOptions<U extends UpdateDefinitions> = SafeSessionOptions<U, undefined>;

type RouteHandler = (request: Request) => Promise<Response>;

export interface NextSafeSession<U extends UpdateDefinitions> {
  /**
   * `export const { GET, POST } = handlers` in `app/api/auth/[...nextauth]/route.ts`. Export
   * PUT, PATCH and DELETE too for the contract's JSON 405 (else Next answers a bare 405).
   */
  handlers: Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", RouteHandler>;
  /** `export default pagesHandler` in `pages/api/auth/[...nextauth].ts` (with `bodyParser: false`). */
  pagesHandler(req: NodeRequest, res: ServerResponse): Promise<void>;
  /** `getServerSession(req, res, authOptions)` of the Pages Router in one line (see `@safe-session/next/pages`). */
  getServerSession: PagesSafeSession<U>["getServerSession"];
  /** `getToken({ req })` of next-auth v4 for a Node request (Pages Router). */
  getServerToken: PagesSafeSession<U>["getServerToken"];
  /**
   * The session. With no argument (server components, server actions, route handlers) the
   * request comes from `headers()`/`cookies()`; pass the request in middleware or the proxy.
   */
  auth(request?: Request): Promise<SafeSessionData<U> | null>;
  /** The decoded token, for middleware or the Next 16 proxy. */
  getToken(request?: Request): Promise<SafeJWT<U> | null>;
  /**
   * A server-side update from a server action or route handler: core's rules, then the cookie
   * is written through `cookies()`, so the next render of server components sees it.
   * Throws `SafeSessionError` (code, status, field) when core refuses.
   */
  updateSession<P extends UpdatePatch<U>>(patch: ExactPatch<U, P>): Promise<SafeSessionData<U>>;
  /** Signs in from a server action (e.g. `signIn("credentials", formData, { redirectTo })`) and redirects. */
  signIn(provider: string, params?: FormData | Record<string, string>, options?: { redirectTo?: string }): Promise<never>;
  /** Signs out from a server action and redirects. */
  signOut(options?: { redirectTo?: string }): Promise<never>;
  /** The core instance, for anything that already has a Web Request. */
  safe: SafeSession<U>;
}

/** The last request built for each of Next's requests (keyed by its `headers()` object). */
const currentRequests = new WeakMap<object, Request>();

/**
 * The request of the current server component, server action or route handler. The same
 * `Request` while the cookies stay the same, so `auth()` called several times in one render
 * decodes the session once (core caches per `Request`); new cookies make a new one.
 */
async function currentRequest(): Promise<Request> {
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()]);
  const request = requestFromHeaders(headerList, cookieStore.getAll());
  const previous = currentRequests.get(headerList);
  if (previous?.headers.get("cookie") === request.headers.get("cookie")) return previous;
  currentRequests.set(headerList, request);
  return request;
}

/** Sets cookies through `cookies()`; `false` where Next forbids it (server components). */
async function writeCookies(list: readonly NextCookie[]): Promise<boolean> {
  if (list.length === 0) return true;
  const cookieStore = await cookies();
  try {
    for (const cookie of list) cookieStore.set(cookie);
    return true;
  } catch {
    // A server component cannot set cookies; the next action or route handler rewrites them.
    return false;
  }
}

/** Follows core's sign-in or sign-out answer: its cookies through `cookies()`, then Next's redirect (on the app's origin, a path). */
async function follow(request: Request, answer: Response): Promise<never> {
  const { location, cookies: set } = authRedirect(answer, request.url);
  await writeCookies(set.map(nextSetCookie));
  redirect(location ?? "/");
}

/** Everything a Next app needs, on one core instance. */
export function createNextSafeSession<const U extends UpdateDefinitions>(
  options: NextSafeSessionOptions<U>,
): NextSafeSession<U> {
  const safe = createSafeSession(options);
  const pages = pagesSafeSession(safe);
  const handler: RouteHandler = (request) => safe.handler(request);

  return {
    safe,
    handlers: { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler },
    pagesHandler: pages.pagesHandler,
    getServerSession: pages.getServerSession,
    getServerToken: pages.getServerToken,
    async auth(request) {
      if (request) return safe.getSession(request);
      const { session, cookies: refreshed } = await safe.readSession(await currentRequest());
      await writeCookies(refreshed.map(nextCookie));
      return session;
    },
    async getToken(request) {
      return safe.getToken(request ?? (await currentRequest()));
    },
    async updateSession(patch) {
      const { session, cookies: updated } = await safe.updateSession(await currentRequest(), patch);
      if (!(await writeCookies(updated.map(nextCookie)))) {
        throw new Error("safe-session: updateSession needs a server action or route handler (cookies cannot be set here)");
      }
      return session;
    },
    async signIn(provider, params = {}, signInOptions = {}) {
      const request = await currentRequest();
      return follow(request, await safe.signIn(request, provider, params instanceof FormData ? formFields(params) : params, signInOptions));
    },
    async signOut(signOutOptions = {}) {
      const request = await currentRequest();
      return follow(request, await safe.signOut(request, signOutOptions));
    },
  };
}

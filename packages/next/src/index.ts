import { type UpdateDefinitions, createSafeSession } from "@safe-session/core";
import { type FrameworkCookie, followRedirect, toFrameworkCookie } from "@safe-session/core/binding";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { actionFormFields, requestFromHeaders } from "./convert.js";
import { pagesSafeSession } from "./pages.js";
import type { NextSafeSession, NextSafeSessionOptions, RouteHandler } from "./types.js";
import { urlFieldsProxy } from "./url-fields.js";

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
export type { ExactPatch, SessionResult, UpdateDefinitions, UpdatePatch, UpdatesOf } from "@safe-session/core";
// For `getServerSideProps` and custom API routes: `safe.getSession(toWebRequest(req))`.
export { toWebRequest, sendWebResponse, type NodeRequest } from "./convert.js";
export { createPagesSafeSession, type PagesSafeSession } from "./pages.js";
export type { NextSafeSession, NextSafeSessionOptions } from "./types.js";
export { PAGE_PATH_HEADER, type UrlFieldRefusal } from "./url-fields.js";

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
async function writeCookies(list: readonly FrameworkCookie[]): Promise<boolean> {
  if (list.length === 0) return true;
  const cookieStore = await cookies();
  try {
    // Next encodes every value itself: a `verbatim` one (it never comes from Auth.js) goes as read.
    for (const { name, value, options } of list) cookieStore.set({ name, value, ...options });
    return true;
  } catch {
    // A server component cannot set cookies; the next action or route handler rewrites them.
    return false;
  }
}

/** Follows core's sign-in or sign-out answer: its cookies through `cookies()`, then Next's redirect (on the app's origin, a path). */
async function follow(request: Request, answer: Promise<Response>): Promise<never> {
  const { location, cookies: set } = await followRedirect(answer, { base: request.url });
  await writeCookies(set);
  redirect(location);
}

/**
 * Everything a Next app needs, on one core instance.
 *
 * @example
 * // lib/auth.ts
 * export const { handlers, auth, updateSession, signIn, signOut } = createNextSafeSession({ config, updates });
 */
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
    proxy: (request, onRefusal) => urlFieldsProxy(safe, request, onRefusal),
    async auth(request) {
      if (request) return safe.getSession(request);
      const { session, cookies: refreshed } = await safe.readSession(await currentRequest());
      await writeCookies(refreshed.map(toFrameworkCookie));
      return session;
    },
    async getToken(request) {
      return safe.getToken(request ?? (await currentRequest()));
    },
    async updateSession(patch) {
      const { session, cookies: updated } = await safe.updateSession(await currentRequest(), patch);
      if (!(await writeCookies(updated.map(toFrameworkCookie)))) {
        throw new Error(
          "safe-session: updateSession needs a server action or route handler (cookies cannot be set here)",
        );
      }
      return session;
    },
    async signIn(provider, params = {}, signInOptions = {}) {
      const request = await currentRequest();
      return follow(
        request,
        safe.signIn(request, provider, params instanceof FormData ? actionFormFields(params) : params, signInOptions),
      );
    },
    async signOut(signOutOptions = {}) {
      const request = await currentRequest();
      return follow(request, safe.signOut(request, signOutOptions));
    },
  };
}

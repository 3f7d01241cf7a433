/** The Next binding's public shapes: its options (core's) and what `createNextSafeSession` returns. */
import type { ServerResponse } from "node:http";
import type {
  ExactPatch,
  SafeJWT,
  SafeSession,
  SafeSessionData,
  SafeSessionOptions,
  UpdateDefinitions,
  UpdatePatch,
} from "@safe-session/core";
import type { NodeRequest } from "./convert.js";
import type { PagesSafeSession } from "./pages.js";
import type { UrlFieldRefusal } from "./url-fields.js";

/**
 * The same options as core: nothing here changes how sessions or updates work. Next hands a
 * handler, server component or action nothing beside the request, so core's context argument
 * stays `undefined`: a config function reads what it needs from the request.
 */
export type NextSafeSessionOptions<U extends UpdateDefinitions> = SafeSessionOptions<U, undefined>;

export type RouteHandler = (request: Request) => Promise<Response>;

/** What `createNextSafeSession` returns: route handlers, `auth()`, server-action updates, sign-in and sign-out. */
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
  /**
   * For the app's proxy (`proxy.ts`; `middleware.ts` in Next 15), on every page: where `urlFields`
   * refuses (403, or `onRefusal`'s answer) and keeps a value (the cookie is written here, as a
   * server component cannot), and how `auth()` in the render learns the page's path.
   *
   * @example
   * // proxy.ts
   * export const proxy = (request: NextRequest) => safeProxy(request);
   */
  proxy(request: Request, onRefusal?: UrlFieldRefusal): Promise<Response>;
  /** The decoded token, for middleware or the Next 16 proxy. */
  getToken(request?: Request): Promise<SafeJWT<U> | null>;
  /**
   * A server-side update from a server action or route handler: core's rules, then the cookie
   * is written through `cookies()`, so the next render of server components sees it.
   * Throws `SafeSessionError` (code, status, field) when core refuses.
   */
  updateSession<P extends UpdatePatch<U>>(patch: ExactPatch<U, P>): Promise<SafeSessionData<U>>;
  /** Signs in from a server action (e.g. `signIn("credentials", formData, { redirectTo })`) and redirects. */
  signIn(
    provider: string,
    params?: FormData | Record<string, string>,
    options?: { redirectTo?: string },
  ): Promise<never>;
  /** Signs out from a server action and redirects. */
  signOut(options?: { redirectTo?: string }): Promise<never>;
  /** The core instance, for anything that already has a Web Request. */
  safe: SafeSession<U>;
}

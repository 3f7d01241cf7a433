/**
 * Remix runs on more than one fetch implementation: Node's own, and (under `remix-serve` without
 * `future.v3_singleFetch`) the `@remix-run/web-fetch` polyfill that `installGlobals()` puts on
 * `globalThis`. The polyfill's `Headers` has no `getSetCookie()` and its `Response` no static
 * `json()`. This module copies cookies and answers redirects the same way on both.
 */
import { type HeadersLike, getSetCookies } from "@safe-session/core/binding";

/** Fresh `Headers` (of the current global class) holding `init` plus every cookie of `sources`. */
export function withSetCookies(init: HeadersInit | undefined, ...sources: HeadersLike[]): Headers {
  const headers = new Headers(init);
  for (const source of sources) for (const cookie of getSetCookies(source)) headers.append("set-cookie", cookie);
  return headers;
}

/**
 * A bare redirect (Location and cookies only) of the current global classes: one a loader or
 * action can return or throw under either fetch implementation (core's `followRedirect` reads
 * the target and cookies of Auth.js's answer).
 */
export function redirectWithCookies(location: string, setCookies: readonly string[]): Response {
  const headers = new Headers({ location });
  for (const cookie of setCookies) headers.append("set-cookie", cookie);
  return new Response(null, { status: 302, headers });
}

/**
 * `@auth/core` answers some bad requests (an unknown action, `X-Auth-Return-Redirect`) with the
 * static `Response.json()`, which the polyfill lacks; without it client input would become a 500.
 * Checked on every call because `remix-serve` installs its globals after importing the app.
 */
export function ensureResponseJson(): void {
  const ResponseClass = globalThis.Response as { json?: unknown } & typeof Response;
  if (typeof ResponseClass.json === "function") return;
  Object.defineProperty(ResponseClass, "json", {
    configurable: true,
    writable: true,
    value: (data: unknown, init: ResponseInit = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
      return new ResponseClass(JSON.stringify(data), { ...init, headers });
    },
  });
}

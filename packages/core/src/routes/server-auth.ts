import { newCsrfCookie } from "../crypto/csrf-token.js";
import { assertNotCrossSite, sameOriginTarget } from "../http/origin.js";
import { contextOf, originOf } from "../config/resolve.js";
import type { ConfigContext } from "../config/types.js";
import type { Runtime } from "../config/runtime.js";

export type Dispatch = (request: Request) => Promise<Response>;

/**
 * A sign-in or sign-out from the app's server code, through the handler with a CSRF token of its
 * own. Minting that token turns Auth.js's CSRF check off, so the origin signals are checked here
 * (a sign-in form posted from another site signs nobody in), and the redirect target is kept on
 * the app's origin.
 */
export async function serverAuthPost(
  rt: Runtime,
  dispatch: Dispatch,
  request: Request,
  path: string,
  params: Record<string, string>,
  what: "sign in" | "sign out",
): Promise<Response> {
  const ctx = await contextOf(rt, request);
  const base = originOf(ctx, request);
  assertNotCrossSite(request, base, what);
  const fields =
    params.callbackUrl === undefined ? params : { ...params, callbackUrl: sameOriginTarget(params.callbackUrl, base) };
  const internal = await internalRequest(ctx, request, `${base}${ctx.config.basePath}${path}`, fields);
  // The config the app's own request resolved (a binding may key its config on that request).
  rt.requests.context.set(internal, Promise.resolve(ctx));
  rt.requests.outer.set(internal, request);
  // Through the handler, so database sessions sign in with Credentials as over HTTP.
  return dispatch(internal);
}

const FORWARDED = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-for", "x-real-ip", "host", "user-agent"];

async function internalRequest(
  ctx: ConfigContext,
  request: Request,
  target: string,
  params: Record<string, string>,
): Promise<Request> {
  const csrf = await newCsrfCookie(ctx.csrfSecret);
  const cookies = request.headers.get("cookie");
  const csrfCookie = `${ctx.csrf.name}=${encodeURIComponent(csrf.cookieValue)}`;
  const headers = new Headers({
    "content-type": "application/x-www-form-urlencoded",
    cookie: cookies ? `${csrfCookie}; ${cookies}` : csrfCookie,
  });
  for (const name of FORWARDED) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  return new Request(target, {
    method: "POST",
    headers,
    body: new URLSearchParams({ ...params, csrfToken: csrf.token }),
  });
}

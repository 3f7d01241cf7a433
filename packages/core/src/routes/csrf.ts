import { serializeCookie } from "../http/cookies.js";
import { newCsrfCookie, verifiedCsrfCookie } from "../crypto/csrf-token.js";
import { jsonResponse } from "../http/body.js";
import type { ConfigContext } from "../config/types.js";
import { type Runtime, cookiesOf } from "../config/runtime.js";

/**
 * `GET {basePath}/csrf`: the token of the request's valid CSRF cookie, or a new pair. Served in
 * every binding (SvelteKit turns Auth.js's off) with Auth.js's cookie format, so a sign-in through
 * `Auth()` accepts the same token.
 */
export async function csrfResponse(rt: Runtime, ctx: ConfigContext, request: Request): Promise<Response> {
  const headers = new Headers();
  let token = await verifiedCsrfCookie(cookiesOf(rt, request)[ctx.csrf.name], ctx.csrfSecret);
  if (token === undefined) {
    const fresh = await newCsrfCookie(ctx.csrfSecret);
    token = fresh.token;
    headers.append(
      "set-cookie",
      serializeCookie({ name: ctx.csrf.name, value: fresh.cookieValue, options: ctx.csrf.options }),
    );
  }
  return jsonResponse({ csrfToken: token }, { headers });
}

import { serializeCookie } from "../cookies.js";
import { newCsrfCookie, timingSafeEqual, verifiedCsrfCookie } from "../csrf.js";
import { jsonResponse } from "../http.js";
import { type ConfigContext, type Runtime, cookiesOf } from "../runtime.js";

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

/** The double-submit check: the body's token equals the one in the request's signed CSRF cookie (constant time). */
export async function csrfTokenMatches(
  rt: Runtime,
  ctx: ConfigContext,
  request: Request,
  token: unknown,
): Promise<boolean> {
  const cookieToken = await verifiedCsrfCookie(cookiesOf(rt, request)[ctx.csrf.name], ctx.csrfSecret);
  return cookieToken !== undefined && typeof token === "string" && timingSafeEqual(cookieToken, token);
}

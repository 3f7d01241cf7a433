import { Auth } from "@auth/core";
import { configErrorOf } from "../config/check.js";
import { SafeSessionError, errorResponse } from "../errors.js";
import { reportRejection } from "../events.js";
import { jsonResponse, settleBody } from "../http/body.js";
import { legacyUpdate, updateFromHttp } from "../pipeline/update.js";
import { authRoute } from "./path.js";
import { contextOf } from "../config/resolve.js";
import type { ConfigContext, SessionView } from "../config/types.js";
import { type Runtime, cookiesOf } from "../config/runtime.js";
import { withV4CookiesExpired } from "../session/next-auth-v4.js";
import { readSession } from "../session/read.js";
import { cookieHeaders } from "../session/write.js";
import { credentialsSignIn, findCredentials } from "./credentials-sign-in.js";
import { csrfResponse } from "./csrf.js";
import { signOutAndRevoke } from "./sign-out.js";
import { asV4ClientAsks } from "./v4-client.js";
import { configFailure, stockInitCookies, withCookies } from "./stock.js";

const ALLOW = "GET, POST";

/**
 * Every `{basePath}/*` route. One reading of the path, Auth.js's own (`authRoute`): the session
 * route runs the update contract in every spelling, `GET /csrf` is served here, Credentials
 * sign-in is limited (and done here for database sessions), sign-out revokes; everything else is
 * `Auth()`'s. A refusal of the contract becomes its error `Response` in one place, below.
 */
export async function handle(rt: Runtime, received: Request): Promise<Response> {
  let request = received;
  try {
    if (request.method !== "GET" && request.method !== "POST") {
      throw new SafeSessionError("METHOD_NOT_ALLOWED", `${request.method} is not allowed here`, {
        headers: { allow: ALLOW },
      });
    }
    const ctx = await contextOf(rt, received);
    request = onAuthUrl(rt, ctx, received);
    const url = new URL(request.url);
    const route = authRoute(url.pathname, ctx.config.basePath);
    const action = route?.action;
    const invalid = configErrorOf(ctx, url, cookiesOf(rt, request));
    if (invalid) return await configFailure(request, ctx, action, invalid);
    if (action === "session") {
      if (request.method === "POST") return sessionResponse(await updateFromHttp(rt, ctx, request));
      const init = await stockInitCookies(ctx, url, cookiesOf(rt, request), { mintCsrf: true });
      return withCookies(
        init,
        sessionResponse((await legacyUpdate(rt, ctx, request, url)) ?? (await readSession(rt, request))),
      );
    }
    if (action === "csrf" && request.method === "GET") {
      return withCookies(
        await stockInitCookies(ctx, url, cookiesOf(rt, request), { mintCsrf: false }),
        await csrfResponse(rt, ctx, request),
      );
    }
    request = await asV4ClientAsks(rt, request, action);
    if (request.method === "POST" && route?.action === "callback" && route.providerId !== undefined) {
      const provider = findCredentials(ctx.config, route.providerId);
      if (provider) return await credentialsSignIn(rt, ctx, request, provider);
    }
    if (request.method === "POST" && action === "signout") {
      const signedOut =
        rt.revokeOnSignOut && !ctx.adapter ? await signOutAndRevoke(rt, ctx, request) : await Auth(request, ctx.config);
      return withV4CookiesExpired(rt, request, signedOut);
    }
    return await Auth(request, ctx.config);
  } catch (error) {
    if (!(error instanceof SafeSessionError)) throw error;
    await reportRejection(rt, request, error);
    const response = errorResponse(error);
    // A body not read to its end would be read as the next request on a kept-alive connection.
    if (!(await settleBody(request))) response.headers.set("connection", "close");
    return response;
  }
}

/**
 * With `AUTH_URL` set, the request as `Auth()` should see it: on that origin, as next-auth does,
 * so a forwarded protocol or a forged `Host` (from which frameworks build `request.url`) cannot
 * change the URLs Auth.js builds. The request's config and client address go with it.
 */
function onAuthUrl(rt: Runtime, ctx: ConfigContext, request: Request): Request {
  if (ctx.authUrl === undefined) return request;
  let origin: string;
  try {
    origin = new URL(ctx.authUrl).origin;
  } catch {
    return request;
  }
  const url = new URL(request.url);
  if (url.origin === origin) return request;
  const moved = new Request(`${origin}${url.pathname}${url.search}`, request);
  rt.requests.context.set(moved, Promise.resolve(ctx));
  rt.requests.outer.set(moved, rt.requests.outer.get(request) ?? request);
  return moved;
}

function sessionResponse(view: SessionView): Response {
  return jsonResponse(view.session, { headers: cookieHeaders(view.cookies) });
}

import { Auth, skipCSRFCheck } from "@auth/core";
import { configErrorResponse } from "../config/check.js";
import type { ConfigContext } from "../config/types.js";
import { type Cookie, serializeCookie } from "../http/cookies.js";
import { initCookies } from "../http/init-cookies.js";

/**
 * A config `Auth()` refuses: `Auth()` answers its own routes; the routes core serves answer what
 * it would (the error to `logger.error`, its 500 JSON), so no session is read or written.
 */
export async function configFailure(
  request: Request,
  ctx: ConfigContext,
  action: string | undefined,
  error: Error,
): Promise<Response> {
  if (action !== "session" && action !== "csrf") return Auth(request, ctx.config);
  ctx.logger.error(error);
  return configErrorResponse();
}

/**
 * Auth.js's `init` cookies for a route core answers, so a client sees what stock `Auth()` sets
 * (`mintCsrf`: whether minting the CSRF cookie is this step's job, not the route's own). Computed
 * before the route runs, as `init` runs before an action (the `redirect` callback is called first).
 */
export function stockInitCookies(
  ctx: ConfigContext,
  url: URL,
  cookies: Record<string, string>,
  { mintCsrf }: { mintCsrf: boolean },
): Promise<Cookie[]> {
  const mintsCsrf = mintCsrf && ctx.config.skipCSRFCheck !== skipCSRFCheck;
  return initCookies(ctx.config, url, cookies, {
    csrf: mintsCsrf ? { name: ctx.csrf.name, options: ctx.csrf.options, secret: ctx.csrfSecret } : undefined,
    secure: ctx.config.useSecureCookies ?? url.protocol === "https:",
  });
}

export function withCookies(cookies: readonly Cookie[], response: Response): Response {
  for (const cookie of cookies) response.headers.append("set-cookie", serializeCookie(cookie));
  return response;
}

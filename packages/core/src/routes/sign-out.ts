import { Auth } from "@auth/core";
import { getSetCookies } from "../http/cookies.js";
import type { ConfigContext } from "../config/types.js";
import type { Runtime } from "../config/runtime.js";
import { decodeSessionCookie } from "../session/jwt.js";
import { revokeSessionId } from "../session/revocation.js";
import { sessionIdOf } from "../claims.js";

/**
 * `POST {basePath}/signout` of a JWT session: `Auth()` signs out, and once it has cleared the
 * session cookie the session's id is revoked, so a copy of the old cookie reads as no session.
 * (Database sessions end through the adapter's `deleteSession`, as on stock.)
 */
export async function signOutAndRevoke(rt: Runtime, ctx: ConfigContext, request: Request): Promise<Response> {
  const { token } = await decodeSessionCookie(rt, ctx, request);
  const response = await Auth(request, ctx.config);
  const sid = sessionIdOf(token);
  if (sid !== undefined && clearsCookie(response, ctx.session.name)) await revokeSessionId(rt, sid, ctx.maxAge);
  return response;
}

/** Whether a response clears the session cookie (or one of its chunks), as Auth.js's sign-out does. */
function clearsCookie(response: Response, name: string): boolean {
  return getSetCookies(response.headers).some((line) => {
    const eq = line.indexOf("=");
    const cookie = line.slice(0, eq);
    return (cookie === name || cookie.startsWith(`${name}.`)) && /^=\s*(;|$)/.test(line.slice(eq));
  });
}

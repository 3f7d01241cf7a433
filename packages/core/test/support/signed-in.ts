import { createHash } from "node:crypto";
import { encode } from "@auth/core/jwt";
import { ORIGIN, SECRET } from "./fixture.js";

export const SESSION_COOKIE = "authjs.session-token";
export const CSRF_COOKIE = "authjs.csrf-token";

/** A session cookie as a signed-in browser holds it (stock Auth.js encoding). */
export async function sessionCookie(
  claims: Record<string, unknown> = { sub: "alice", email: "alice@example.com" },
  name = SESSION_COOKIE,
) {
  return `${name}=${await encode({ token: claims, secret: SECRET, salt: name })}`;
}

/** Auth.js's double-submit pair: the cookie `token|sha256(token + secret)` and the body's token. */
export function csrfPair(token = "c".repeat(64), secret = SECRET) {
  const hash = createHash("sha256").update(`${token}${secret}`).digest("hex");
  return { token, cookie: `${CSRF_COOKIE}=${encodeURIComponent(`${token}|${hash}`)}` };
}

/** POST {basePath}/session as the stock client sends it, same-origin, with a valid CSRF pair. */
export async function updateRequest(
  data: unknown,
  options: { cookie?: string; headers?: Record<string, string>; csrfToken?: string } = {},
): Promise<Request> {
  const csrf = csrfPair();
  const cookie = options.cookie ?? (await sessionCookie());
  return new Request(`${ORIGIN}/auth/session`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: ORIGIN,
      cookie: `${cookie}; ${csrf.cookie}`,
      ...options.headers,
    },
    body: JSON.stringify({ csrfToken: options.csrfToken ?? csrf.token, data }),
  });
}

/** The `name=value` pairs a browser keeps from a response's Set-Cookie lines (expired ones dropped). */
export function keptCookies(response: Response): string {
  return response.headers
    .getSetCookie()
    .filter((line) => !/;\s*Max-Age=0/i.test(line))
    .map((line) => line.split(";")[0])
    .join("; ");
}

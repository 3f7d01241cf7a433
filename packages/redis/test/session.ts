import { CONTRACT_USERS } from "@safe-session/conformance";
import { ORIGIN, type createTestSession } from "../../core/test/support/fixture.js";

export type TestSession = ReturnType<typeof createTestSession>;

/** Applies a response's Set-Cookie lines to a cookie header, as a browser would. */
export function applyCookies(cookie: string, response: { headers: Headers }): string {
  const jar = new Map(cookie ? cookie.split("; ").map((pair) => pair.split("=", 2) as [string, string]) : []);
  for (const line of response.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
    if (!value || /max-age=0/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

export const request = (cookie: string, path = "/auth/session", init: RequestInit = {}) =>
  new Request(`${ORIGIN}${path}`, { ...init, headers: { cookie, origin: ORIGIN, ...init.headers } });

/** Alice's cookies after signing in through `safe`, with a CSRF token for HTTP updates. */
export async function signIn(
  safe: Pick<TestSession, "signIn" | "handler">,
): Promise<{ cookie: string; csrfToken: string }> {
  const { email, password } = CONTRACT_USERS.member;
  const signedIn = await safe.signIn(request(""), "credentials", { email, password });
  let cookie = applyCookies("", signedIn);
  const csrf = await safe.handler(request(cookie, "/auth/csrf"));
  cookie = applyCookies(cookie, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

export const httpUpdate = (cookie: string, csrfToken: string, data: Record<string, unknown>) =>
  request(cookie, "/auth/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ csrfToken, data }),
  });

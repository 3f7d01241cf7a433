import type { AuthConfig } from "@auth/core";
import type { Cookie, CookieOptions } from "./cookies.js";
import { newCsrfCookie, verifiedCsrfCookie } from "../crypto/csrf-token.js";

/**
 * What Auth.js's `init` does before every action, for the routes core answers itself (`GET
 * /session`, `GET /csrf`): mint the CSRF cookie when the request has no genuine one, and keep
 * the callback-URL cookie — the `callbackUrl` query parameter, else the cookie's own value, passed
 * through the `redirect` callback, written back when that changed it. A client (or a sign-in page
 * reading the callback-URL cookie) sees the same cookies and the app's `redirect` callback the same
 * calls as on stock `Auth()`.
 */
export interface InitCookieSpec {
  /** `undefined` when the CSRF cookie is not this step's job (skipCSRFCheck, or the route sets it). */
  csrf: { name: string; options: CookieOptions; secret: string } | undefined;
  secure: boolean;
}

/** The callback-URL cookie's name, as Auth.js derives it for a request's protocol. */
export function callbackUrlCookieName(config: AuthConfig, secure: boolean): string {
  return config.cookies?.callbackUrl?.name ?? `${secure ? "__Secure-" : ""}authjs.callback-url`;
}

const defaultRedirect = ({ url, baseUrl }: { url: string; baseUrl: string }) => {
  if (url.startsWith("/")) return `${baseUrl}${url}`;
  if (new URL(url).origin === baseUrl) return url;
  return baseUrl;
};

export async function initCookies(
  config: AuthConfig,
  url: URL,
  cookies: Readonly<Record<string, string>>,
  spec: InitCookieSpec,
): Promise<Cookie[]> {
  const out: Cookie[] = [];
  if (spec.csrf && !(await genuineCsrfCookie(cookies[spec.csrf.name], spec.csrf.secret))) {
    const fresh = await newCsrfCookie(spec.csrf.secret);
    out.push({ name: spec.csrf.name, value: fresh.cookieValue, options: spec.csrf.options });
  }
  const name = callbackUrlCookieName(config, spec.secure);
  const options = {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure: spec.secure,
    ...(config.cookies?.callbackUrl?.options as CookieOptions | undefined),
  };
  const cookieValue = cookies[name];
  const param = url.searchParams.get("callbackUrl");
  const baseUrl = url.origin;
  let callbackUrl = baseUrl;
  const redirect = config.callbacks?.redirect ?? defaultRedirect;
  // Auth.js checks both values before this (InvalidCallbackUrl), so `redirect` only sees http(s) URLs.
  if (param) callbackUrl = await redirect({ url: param, baseUrl });
  else if (cookieValue) callbackUrl = await redirect({ url: cookieValue, baseUrl });
  if (callbackUrl !== cookieValue) out.push({ name, value: callbackUrl, options });
  return out;
}

// A browser sends the same CSRF cookie with every read: its hash is checked once, not on every
// read (only genuine values are kept, so a forged one is hashed each time it is sent).
const GENUINE_LIMIT = 10_000;
const genuine = new Set<string>();

async function genuineCsrfCookie(value: string | undefined, secret: string): Promise<boolean> {
  const key = `${secret}\u0000${value}`;
  if (genuine.has(key)) return true;
  if ((await verifiedCsrfCookie(value, secret)) === undefined) return false;
  if (genuine.size >= GENUINE_LIMIT) genuine.clear();
  genuine.add(key);
  return true;
}

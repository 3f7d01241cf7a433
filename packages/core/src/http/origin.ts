import { SafeSessionError } from "../errors.js";

// Whose origin a request comes from, and where a redirect may send it.

/**
 * The app's own origin: `AUTH_URL`'s when set, else (with `trustHost`) the forwarded or
 * `Host` header and protocol — the rule Auth.js uses to build its own URLs.
 */
export function appOrigin(
  request: Request,
  { authUrl, trustHost }: { authUrl: string | undefined; trustHost: boolean },
): string {
  if (authUrl) {
    try {
      return new URL(authUrl).origin;
    } catch {
      // An unparsable AUTH_URL falls through to the request's own origin.
    }
  }
  const url = new URL(request.url);
  return (trustHost && forwardedOrigin(request.headers, url.protocol)) || url.origin;
}

/**
 * `proto://host` from `X-Forwarded-Host` (else `Host`) and `X-Forwarded-Proto` (else `protocol`),
 * first values; `undefined` without a host or when they make no origin. Trust it only behind a proxy.
 *
 * @example
 * forwardedOrigin(new Headers({ "x-forwarded-host": "app.example", "x-forwarded-proto": "https" }), "http"); // "https://app.example"
 */
export function forwardedOrigin(headers: Pick<Headers, "get">, protocol: string): string | undefined {
  const host = firstValue(headers.get("x-forwarded-host")) ?? firstValue(headers.get("host"));
  if (!host) return undefined;
  const proto = firstValue(headers.get("x-forwarded-proto")) ?? protocol;
  try {
    return new URL(`${proto.endsWith(":") ? proto : `${proto}:`}//${host}`).origin;
  } catch {
    // Not a host name: no origin.
  }
  return undefined;
}

function firstValue(header: string | null): string | undefined {
  if (!header) return undefined;
  // `split` always returns at least one element.
  const [first] = header.split(",") as [string];
  return first.trim() || undefined;
}

// A path that starts with `//` or `/\` is read by browsers as a host name.
const STARTS_LIKE_A_HOST = /^\/[/\\]/;

/**
 * A redirect target as a binding hands it to its framework: path, query and fragment when it
 * stays on `base`'s origin (so it never depends on the host name the browser used), else the URL.
 *
 * @example
 * redirectLocation("http://app.example/dashboard?tab=1", "http://app.example/"); // "/dashboard?tab=1"
 */
export function redirectLocation(target: string | URL, base: string | URL): string {
  const url = new URL(target, base);
  // Another origin is an OAuth provider's authorization URL (targets are checked before they get here).
  if (url.origin !== new URL(base).origin) return url.href;
  // A path that starts with `//` (or `/\`) is read by browsers as another host: it becomes the root.
  if (STARTS_LIKE_A_HOST.test(url.pathname)) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * A redirect target kept on `origin`: a path, or a URL of that origin, else the origin's root.
 * Paths that start with `//` or `/\` (a browser reads another host) and other hosts become the root.
 */
export function sameOriginTarget(target: string, origin: string): string {
  try {
    if (STARTS_LIKE_A_HOST.test(target)) return `${origin}/`;
    const url = new URL(target, `${origin}/`);
    if (url.origin === origin && !STARTS_LIKE_A_HOST.test(url.pathname)) return url.href;
  } catch {
    // An unparsable target is no target.
  }
  return `${origin}/`;
}

/** Refuses a request whose browser signals say another site sent it. */
export function assertNotCrossSite(request: Request, origin: string, what = "update the session"): void {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite === "cross-site" || fetchSite === "same-site") {
    throw new SafeSessionError("CSRF", `Cross-site requests cannot ${what}`);
  }
  const requestOrigin = request.headers.get("origin");
  if (requestOrigin !== null && requestOrigin !== origin) {
    throw new SafeSessionError("CSRF", `Cross-origin requests cannot ${what}`);
  }
}

/** For a GET that carries no token: a positive same-origin signal is required. */
export function assertSameOriginSignal(request: Request, origin: string): void {
  assertNotCrossSite(request, origin);
  if (request.headers.get("sec-fetch-site") === "same-origin") return;
  if (request.headers.get("origin") === origin) return;
  const referer = request.headers.get("referer");
  if (referer) {
    try {
      if (new URL(referer).origin === origin) return;
    } catch {
      // An unparsable Referer is no signal.
    }
  }
  throw new SafeSessionError("CSRF", "Session updates by GET must come from the app's own pages");
}

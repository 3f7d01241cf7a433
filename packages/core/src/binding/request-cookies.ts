import { type Cookie, parseCookies } from "../http/cookies.js";

/**
 * The `Cookie` header the same browser sends next, once it has applied `cookies` (an answer's
 * `Set-Cookie`s): set ones replace or join, expired ones leave. For a framework that runs a
 * middleware before the render (Next's proxy): the render reads what the proxy just wrote
 * instead of writing it again. Values go as core wrote them (percent-encoded where needed).
 *
 * @example
 * const header = cookieHeaderAfter(request.headers.get("cookie"), cookies);
 */
export function cookieHeaderAfter(header: string | null, cookies: readonly Cookie[]): string {
  const jar = new Map(
    Object.entries(parseCookies(header)).map(([name, value]) => [name, encodeURIComponent(value)] as const),
  );
  for (const { name, value, options } of cookies) {
    const expired =
      (options.maxAge !== undefined && options.maxAge <= 0) ||
      (options.expires !== undefined && options.expires.getTime() <= Date.now());
    if (expired || value === "") jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

import type { Harness } from "./harness.js";

/**
 * A harness for an app listening on `origin`: real HTTP, redirects left to the suite. A server has
 * the connection's peer, so `clientAddress` defaults to `"connection"` (Next apps say `"none"`).
 *
 * @example
 * const harness = httpHarness({
 *   origin: "http://localhost:3000",
 *   basePath: "/api/auth",
 *   secrets: [process.env.AUTH_SECRET!],
 *   users: CONTRACT_USERS,
 *   companies: CONTRACT_COMPANIES,
 * });
 */
export function httpHarness(options: Omit<Harness, "fetch">): Harness {
  return {
    clientAddress: "connection",
    ...options,
    fetch: (request) => fetch(request, { redirect: "manual" }),
  };
}

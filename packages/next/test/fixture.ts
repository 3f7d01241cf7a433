import type { AuthConfig } from "@auth/core";
import { CONTRACT_COMPANIES, CONTRACT_USERS } from "@safe-session/conformance";
import { z } from "zod";
import { testConfig } from "../../core/test/support/fixture.js";
import { parseCookies } from "@safe-session/core/binding";
import { requestFromHeaders } from "../src/convert.js";
import { createNextSafeSession, defineUpdates, isSafeSessionError } from "../src/index.js";

export const SECRETS = ["next-test-secret-current", "next-test-secret-previous"];
export const THROWING_COMPANY = "boom";

/** A self-contained app config: the contract's users and companies, plus `name` and a throwing `authorize`. */
export function testApp(
  options: {
    legacyQueryUpdates?: Record<string, "selectedCompanyId">;
    rateLimit?: { max: number; windowSeconds: number };
    env?: Record<string, string>;
  } = {},
) {
  const memberships = new Set(["alice:acme", "alice:globex", "bob:initech"]);
  /** Every request the config function and `authorize` saw: the request reaches both in every path. */
  const seen = { config: [] as Request[], authorize: [] as Request[] };
  const updates = defineUpdates({
    selectedCompanyId: {
      schema: z.string().min(1).max(64),
      authorize: ({ value, token, request }) => {
        seen.authorize.push(request);
        if (value === THROWING_COMPANY) throw new Error("membership lookup failed");
        return memberships.has(`${token.sub}:${value}`);
      },
      revalidate: { everySeconds: 0 },
    },
    name: { schema: z.string().trim().min(1).max(50) },
  });
  // The core tests' contract app (Credentials over the contract's accounts, `sub` = the account id).
  const config: AuthConfig = { ...testConfig(SECRETS), basePath: "/api/auth", pages: { signIn: "/", error: "/" } };
  const next = createNextSafeSession({
    config: (request) => {
      seen.config.push(request);
      return config;
    },
    updates,
    env: {},
    urlFields: { selectedCompanyId: "/companies/:id/*" },
    ...options,
  });
  return { next, memberships, seen, users: CONTRACT_USERS, companies: { ...CONTRACT_COMPANIES } };
}

/** A browser in front of the App Router handlers: a cookie jar, and `Origin` on every request. */
export function browser(app: ReturnType<typeof testApp>, origin: string) {
  const jar = new Map<string, string>();
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(new URL(String(input), origin), init);
    request.headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    request.headers.set("origin", origin);
    const response = await app.next.handlers[request.method as "GET" | "POST"](request);
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  };
  return { jar, fetch: fetch as typeof globalThis.fetch };
}

/**
 * A page under `urlFields` as Next serves it: the app's proxy (`proxy()`), then the render, whose
 * request is built from the headers the proxy handed on, as `auth()` builds it from `headers()`.
 */
export async function companyPage(app: ReturnType<typeof testApp>, request: Request): Promise<Response> {
  const passed = await app.next.proxy(request);
  if (passed.headers.get("x-middleware-next") !== "1") return passed;
  const names = (passed.headers.get("x-middleware-override-headers") ?? "").split(",").filter(Boolean);
  const forwarded = new Headers();
  for (const name of names) forwarded.set(name, passed.headers.get(`x-middleware-request-${name}`) ?? "");
  const cookies = Object.entries(parseCookies(forwarded.get("cookie"))).map(([name, value]) => ({ name, value }));
  const session = await app.next.safe.getSession(requestFromHeaders(forwarded, cookies)).catch((error: unknown) => {
    // What the example's page does with a refusal the proxy did not see: notFound().
    if (isSafeSessionError(error)) return "refused" as const;
    throw error;
  });
  const headers = new Headers({ "content-type": "text/html; charset=utf-8" });
  for (const line of passed.headers.getSetCookie()) headers.append("set-cookie", line);
  if (session === "refused") return new Response("Not found", { status: 404, headers });
  if (session === null) return new Response(null, { status: 307, headers: { location: "/" } });
  return new Response(`<h1>Managing ${session.selectedCompanyId}</h1>`, { headers });
}

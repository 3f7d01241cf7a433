/**
 * A small app around the binding, served in-process by Remix's and React Router 7's own request
 * handlers: the splat resource route `auth/*`, and resource routes that use the action helpers.
 */
import type { ServerBuild as RemixBuild } from "@remix-run/server-runtime";
import { CONTRACT_COMPANIES, CONTRACT_USERS, type Harness } from "@safe-session/conformance";
import { type DemoStore, demoAuth, openDemoStore } from "@safe-session/demo-data";
import type { ServerBuild as ReactRouterBuild } from "react-router";
import { beforeAll, expect, test } from "vitest";
import { z } from "zod";
import {
  type RemixSafeSession,
  type RouteArgs,
  createRemixSafeSession,
  defineUpdates,
  getSetCookies,
  isSafeSessionError,
} from "../src/index.js";

export const ORIGIN = "http://localhost:3000";
/** Current first: Auth.js puts `AUTH_SECRET_1` before `AUTH_SECRET`. */
export const SECRETS = ["remix-binding-test-secret-current-0123456789", "remix-binding-test-secret-previous-012345678"];
const THROWING_COMPANY = "throws";
const RATE_LIMIT_MAX = 2500;

export type App = (request: Request) => Promise<Response>;
type Updates = ReturnType<typeof testUpdates>;
interface Helpers {
  json(data: unknown, init?: ResponseInit): Response;
  redirect(url: string, init?: ResponseInit): Response;
}
type RouteModule = { loader?: (args: RouteArgs) => unknown; action?: (args: RouteArgs) => unknown };

/**
 * The contract's demo config on an in-memory store, revalidating on every read, and what the suite
 * can exercise beyond the example: a rotated secret, a `name` field, the legacy GET (as the
 * recipe's `companyId`), and a company id whose `authorize` throws.
 */
export function createTestAuth({ legacy = true, env: extraEnv = {} as Record<string, string> } = {}): {
  auth: RemixSafeSession<Updates>;
  store: DemoStore;
} {
  const env = {
    ...extraEnv,
    AUTH_SECRET: SECRETS[1],
    AUTH_SECRET_1: SECRETS[0],
    SAFE_SESSION_REVALIDATE_SECONDS: "0",
    // The whole suite runs inside one window: room for the member's updates and the property
    // test's random ones, so the rules judge them instead of a 429 (see `Harness.rateLimitMax`).
    SAFE_SESSION_RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
  };
  const demo = demoAuth({ basePath: "/auth", store: openDemoStore(":memory:"), env });
  const updates = testUpdates(demo.updates.selectedCompanyId);
  const auth = createRemixSafeSession({
    config: demo.config,
    updates,
    env,
    legacyQueryUpdates: legacy && { companyId: "selectedCompanyId" },
    urlFields: { selectedCompanyId: "/companies/:id/*" },
    rateLimit: demo.rateLimit,
  });
  return { auth, store: demo.store };
}

function testUpdates(company: ReturnType<typeof demoAuth>["updates"]["selectedCompanyId"]) {
  return defineUpdates({
    selectedCompanyId: {
      ...company,
      authorize: (context) => {
        if (context.value === THROWING_COMPANY) throw new Error("membership store unavailable");
        return company.authorize?.(context);
      },
    },
    name: { schema: z.string().trim().min(1).max(50) },
  });
}

/** The app's routes, written once against the framework's own `json`/`redirect`. */
function routes(
  auth: RemixSafeSession<Updates>,
  { json, redirect }: Helpers,
): Record<string, RouteModule & { path: string }> {
  return {
    "routes/auth.$": { path: "auth/*", loader: auth.loader, action: auth.action },
    "routes/signin": {
      path: "signin",
      async action({ request, context }) {
        const form = await request.formData();
        const credentials = { email: String(form.get("email")), password: String(form.get("password")) };
        // The load context goes on, so the sign-in counts against its client's address.
        return auth.signIn(request, "credentials", credentials, { redirectTo: "/me" }, context);
      },
    },
    "routes/me": {
      path: "me",
      async loader({ request }) {
        const { session, headers } = await auth.requireSession(request);
        return json({ session }, { headers });
      },
      async action({ request }) {
        const form = await request.formData();
        try {
          const { headers } = await auth.updateSession(request, { selectedCompanyId: String(form.get("companyId")) });
          return redirect("/me", { headers });
        } catch (error) {
          if (isSafeSessionError(error)) return json(error.toJSON(), { status: error.status });
          throw error;
        }
      },
    },
    // The address decides the company (`urlFields`): a refusal is thrown as the contract's 403.
    "routes/companies.$id": {
      path: "companies/:id",
      async loader({ request }) {
        const { session, headers } = await auth.requireSession(request);
        headers.set("content-type", "text/html; charset=utf-8");
        return new Response(`<h1>Managing ${session.selectedCompanyId}</h1>`, { headers });
      },
    },
    "routes/signout": { path: "signout", action: ({ request }) => auth.signOut(request, { redirectTo: "/" }) },
  };
}

function manifest(modules: Record<string, RouteModule & { path: string }>) {
  const server: Record<string, { id: string; parentId?: string; path: string; module: RouteModule }> = {
    root: { id: "root", path: "", module: {} },
  };
  const client: Record<string, object> = {};
  for (const [id, { path, ...module }] of Object.entries(modules)) server[id] = { id, parentId: "root", path, module };
  for (const [id, route] of Object.entries(server)) {
    const { loader, action } = route.module;
    client[id] = {
      id,
      parentId: route.parentId,
      path: route.path,
      module: `/${id}.js`,
      hasLoader: !!loader,
      hasAction: !!action,
    };
    Object.assign(client[id], { hasClientLoader: false, hasClientAction: false, hasErrorBoundary: false, imports: [] });
  }
  return {
    server,
    assets: { entry: { imports: [], module: "/entry.js" }, routes: client, url: "/manifest.js", version: "test" },
  };
}

// The test app has no pages: a document request is a plain 404.
const documentRequest = () => new Response("no pages here", { status: 404 });

/**
 * What a server's `getLoadContext` builds for a request: the binding's convention puts the
 * connection's address in it as `clientAddress`. In-process there is no socket, so the test
 * client is one loopback address unless a test says otherwise.
 */
export type LoadContext = (request: Request) => unknown;
const loopback: LoadContext = () => ({ clientAddress: "127.0.0.1" });

/** Served by `@remix-run/server-runtime`'s `createRequestHandler`, as `remix-serve` does. */
export async function remixApp(
  auth: RemixSafeSession<Updates>,
  future: Record<string, boolean> = {},
  loadContext = loopback,
): Promise<App> {
  const { createRequestHandler, json, redirect } = await import("@remix-run/server-runtime");
  const { server, assets } = manifest(routes(auth, { json, redirect }));
  const build = {
    mode: "production",
    entry: { module: { default: documentRequest } },
    routes: server,
    assets,
    publicPath: "/build/",
    assetsBuildDirectory: "build/client",
    future,
    isSpaMode: false,
  } as unknown as RemixBuild;
  const handler = createRequestHandler(build, "production");
  return (request) => handler(request, loadContext(request) as Parameters<typeof handler>[1]);
}

/** Served by React Router 7's framework-mode `createRequestHandler` (what `react-router-serve` runs). */
export async function reactRouterApp(auth: RemixSafeSession<Updates>, loadContext = loopback): Promise<App> {
  const { createRequestHandler, redirect } = await import("react-router");
  const json = (data: unknown, init?: ResponseInit) => Response.json(data, init);
  const { server, assets } = manifest(routes(auth, { json, redirect }));
  const build = {
    entry: { module: { default: documentRequest } },
    routes: server,
    assets,
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    future: { v8_middleware: false, v8_passThroughRequests: false, v8_trailingSlashAwareDataRequests: false },
    ssr: true,
    isSpaMode: false,
    prerender: [],
    routeDiscovery: { mode: "lazy", manifestPath: "/__manifest" },
  } as unknown as ReactRouterBuild;
  const handler = createRequestHandler(build, "production");
  return (request) => handler(request, loadContext(request) as Parameters<typeof handler>[1]);
}

export function harness(app: App, store: DemoStore, extra: Partial<Harness> = {}): Harness {
  return {
    fetch: app,
    origin: ORIGIN,
    basePath: "/auth",
    secrets: SECRETS,
    users: CONTRACT_USERS,
    companies: CONTRACT_COMPANIES,
    revalidateSeconds: 0,
    nameField: true,
    legacyQueryKey: "companyId",
    throwingCompany: THROWING_COMPANY,
    rateLimitMax: RATE_LIMIT_MAX,
    // The handlers' load context carries the client's address (`loopback`), as a server's would.
    clientAddress: "connection",
    revokeMembership: (userId, companyId) => store.revoke(userId, companyId),
    grantMembership: (userId, companyId) => store.grant(userId, companyId),
    urlField: { page: "/companies/:value", shows: { acme: "Managing acme", globex: "Managing globex" } },
    ...extra,
  };
}

/**
 * The action helpers end to end: requireSession's redirect, signIn, updateSession's cookies on a
 * redirect, its typed errors, signOut. Cookies are read with `getSetCookies`, so the flow also
 * runs where responses come from the fetch polyfill.
 */
export function helperFlow(name: string, setup: () => Promise<App>): void {
  let app: App;
  beforeAll(async () => {
    app = await setup();
  });
  test(`${name} / action helpers: sign in, select a company, errors, sign out`, async () => {
    const jar = new Map<string, string>();
    const send = async (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
      const response = await app(new Request(`${ORIGIN}${path}`, { ...init, headers }));
      for (const cookie of getSetCookies(response.headers)) {
        const [pair = ""] = cookie.split(";");
        const eq = pair.indexOf("=");
        const value = pair.slice(eq + 1);
        if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) jar.delete(pair.slice(0, eq));
        else jar.set(pair.slice(0, eq), value);
      }
      return response;
    };
    const post = (path: string, fields: Record<string, string>, origin = ORIGIN) =>
      send(path, { method: "POST", body: new URLSearchParams(fields), headers: { origin } });
    const me = async () => ((await (await send("/me")).json()) as { session: Record<string, unknown> }).session;

    // Auth.js answers these with the static Response.json(), which the fetch polyfill lacks: first
    // thing in the process, so nothing else has added it yet. A client's mistake is never a 500.
    expect((await send("/auth/no-such-action")).status).toBe(400);
    expect((await send("/auth/signin", { headers: { "x-auth-return-redirect": "1" } })).status).toBeLessThan(500);

    jar.set("authjs.session-token", "not-a-token");
    let response = await send("/me");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/?callbackUrl=%2Fme");
    expect(jar.has("authjs.session-token")).toBe(false); // the redirect expired the bad cookie

    response = await post("/signin", { email: "alice@example.com", password: "wrong" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/error=CredentialsSignin/);
    expect(jar.has("authjs.session-token")).toBe(false);

    response = await post("/signin", { email: "alice@example.com", password: "alice-password" });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get("location") ?? "", ORIGIN).pathname).toBe("/me");
    expect(jar.has("authjs.session-token")).toBe(true);
    expect(await me()).toMatchObject({ user: { id: "alice", email: "alice@example.com" } });
    expect((await me()).selectedCompanyId).toBeUndefined();

    response = await post("/me", { companyId: "acme" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/me");
    expect(getSetCookies(response.headers).some((c) => c.startsWith("authjs.session-token="))).toBe(true);
    expect((await me()).selectedCompanyId).toBe("acme");

    const before = jar.get("authjs.session-token");
    response = await post("/me", { companyId: "initech" });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "FORBIDDEN", field: "selectedCompanyId" } });
    response = await post("/me", { companyId: "globex" }, "https://evil.example");
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "CSRF" } });
    expect(jar.get("authjs.session-token")).toBe(before);
    expect((await me()).selectedCompanyId).toBe("acme");

    response = await post("/signout", {});
    expect(response.status).toBe(302);
    expect(jar.has("authjs.session-token")).toBe(false);
    expect((await send("/me")).status).toBe(302);
  });
}

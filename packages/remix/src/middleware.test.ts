import { demoAuth, openDemoStore } from "@safe-session/demo-data";
import { RouterContextProvider } from "react-router";
import { beforeEach, describe, expect, test } from "vitest";
import { createRemixSafeSession, createSessionMiddleware, getSetCookies, isSafeSessionError } from "./index.js";

// The middleware against a real binding (the demo users in SQLite in memory) and React Router 7's
// own `RouterContextProvider`, with a stub `next()` standing for the loaders and actions below it.
const ORIGIN = "http://localhost:3000";
const env = { AUTH_SECRET: "remix-middleware-test-secret-0123456789abcdef", SAFE_SESSION_REVALIDATE_SECONDS: "0" };

function setup() {
  const demo = demoAuth({ basePath: "/auth", store: openDemoStore(":memory:"), env });
  // A spy on the app's config: the `jwt` callback runs once on every session read.
  const reads = { count: 0 };
  const jwt: typeof demo.config.callbacks.jwt = (params) => {
    reads.count += 1;
    return demo.config.callbacks.jwt(params);
  };
  const auth = createRemixSafeSession({
    config: { ...demo.config, callbacks: { ...demo.config.callbacks, jwt } },
    updates: demo.updates,
    env,
  });
  return { auth, store: demo.store, reads, ...createSessionMiddleware(auth) };
}

let app: ReturnType<typeof setup>;
beforeEach(() => {
  app = setup();
});

function get(path: string, cookie?: string): Request {
  return new Request(`${ORIGIN}${path}`, { headers: cookie ? { cookie } : {} });
}

/** Signs alice in through the binding; the session cookie as a `Cookie` header. */
async function signInAlice(): Promise<string> {
  const form = new Request(`${ORIGIN}/signin`, { method: "POST", headers: { origin: ORIGIN } });
  const response = await app.auth.signIn(
    form,
    "credentials",
    { email: "alice@example.com", password: "alice-password" },
    { redirectTo: "/" },
  );
  return cookieHeader(getSetCookies(response.headers));
}

function cookieHeader(setCookies: string[]): string {
  return setCookies
    .map((cookie) => cookie.split(";")[0] ?? "")
    .filter((pair) => pair.startsWith("authjs.session-token") && !pair.endsWith("="))
    .join("; ");
}

/** Runs the middleware with a stub `next()` that reads the context as a loader would. */
async function run(
  request: Request,
  route: (context: RouterContextProvider) => Response | Promise<Response> = () => new Response("ok"),
) {
  const context = new RouterContextProvider();
  let calls = 0;
  const response = await app.sessionMiddleware({ request, context }, async () => {
    calls += 1;
    return route(context);
  });
  return { response, context, calls };
}

describe("sessionMiddleware", () => {
  test("a signed-out request: the context holds null, one read, the route's response unchanged", async () => {
    const routeResponse = new Response("ok");
    const { response, context, calls } = await run(get("/dashboard"), () => routeResponse);
    expect(context.get(app.sessionContext)).toBeNull();
    expect(calls).toBe(1);
    expect(response).toBe(routeResponse);
    expect(app.reads.count).toBe(0); // no token, so no jwt callback
  });

  test("a signed-in request: the loader reads the session from the context; the session was read once", async () => {
    const cookie = await signInAlice();
    app.reads.count = 0;
    let seen: string | undefined;
    const { response } = await run(get("/dashboard", cookie), (context) => {
      seen = context.get(app.sessionContext)?.user?.email ?? undefined;
      // A loader that reads the context again costs nothing more.
      context.get(app.sessionContext);
      return new Response("ok");
    });
    expect(seen).toBe("alice@example.com");
    expect(app.reads.count).toBe(1);
    expect(getSetCookies(response.headers)).toEqual([]);
  });

  test("the read's cookies (a revalidation drop) reach the response, ahead of the route's own", async () => {
    const cookie = await signInAlice();
    const signedIn = get("/dashboard", cookie);
    const { headers } = await app.auth.updateSession(
      new Request(signedIn, { method: "POST", headers: { cookie, origin: ORIGIN } }),
      { selectedCompanyId: "acme" },
    );
    const selected = cookieHeader(getSetCookies(headers));
    app.store.revoke("alice", "acme");
    const { response, context } = await run(
      get("/dashboard", selected),
      () =>
        new Response("ok", {
          status: 201,
          statusText: "Created",
          headers: [
            ["set-cookie", "theme=dark; Path=/"],
            ["x-route", "1"],
          ],
        }),
    );
    expect(context.get(app.sessionContext)?.selectedCompanyId).toBeUndefined();
    const cookies = getSetCookies(response.headers);
    expect(cookies.length).toBeGreaterThanOrEqual(2);
    expect(cookies[0]).toMatch(/^authjs\.session-token/);
    expect(cookies.at(-1)).toBe("theme=dark; Path=/");
    expect([response.status, response.statusText, response.headers.get("x-route"), await response.text()]).toEqual([
      201,
      "Created",
      "1",
      "ok",
    ]);
    // The refreshed cookie reads without the dropped field.
    const next = await run(get("/dashboard", cookieHeader(cookies)));
    expect(next.context.get(app.sessionContext)?.user?.email).toBe("alice@example.com");
    expect(next.context.get(app.sessionContext)?.selectedCompanyId).toBeUndefined();
  });

  test("a redirect with immutable headers still gets the cookies (a tampered cookie is expired)", async () => {
    const { response, context } = await run(get("/dashboard", "authjs.session-token=tampered"), () =>
      Response.redirect(`${ORIGIN}/`, 302),
    );
    expect(context.get(app.sessionContext)).toBeNull();
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/`);
    expect(getSetCookies(response.headers).some((cookie) => /^authjs\.session-token=;/.test(cookie))).toBe(true);
  });

  test("Auth.js's routes pass through unread: the binding's resource route answers them", async () => {
    const cookie = await signInAlice();
    app.reads.count = 0;
    for (const path of ["/auth/session", "/auth//session", "/auth/callback/credentials"]) {
      const { context, calls } = await run(get(path, cookie));
      expect(calls).toBe(1);
      expect(() => context.get(app.sessionContext)).toThrow("No value found for context");
    }
    expect(app.reads.count).toBe(0);
    // Where Auth.js reads no action (the base path itself, an unknown action, the same letters) it is a page.
    for (const path of ["/auth", "/auth/", "/auth/no-such-action", "/authors", "/authx/session"]) {
      expect((await run(get(path, cookie))).context.get(app.sessionContext)?.user?.email).toBe("alice@example.com");
    }
  });

  test("a second copy of the middleware (root and a layout) reads nothing more", async () => {
    const cookie = await signInAlice();
    app.reads.count = 0;
    const request = get("/dashboard", cookie);
    const context = new RouterContextProvider();
    let inner = 0;
    await app.sessionMiddleware({ request, context }, () =>
      app.sessionMiddleware({ request: new Request(request), context }, async () => {
        inner += 1;
        return new Response("ok");
      }),
    );
    expect(inner).toBe(1);
    expect(app.reads.count).toBe(1);
  });
});

describe("updateSession", () => {
  test("puts the new session in the context, for the loaders that run after the action", async () => {
    const cookie = await signInAlice();
    const post = new Request(`${ORIGIN}/dashboard`, { method: "POST", headers: { cookie, origin: ORIGIN } });
    let loaderSaw: unknown;
    const { response } = await run(post, async (context) => {
      expect(context.get(app.sessionContext)?.selectedCompanyId).toBeUndefined();
      const { headers } = await app.updateSession({ request: post, context }, { selectedCompanyId: "globex" });
      loaderSaw = context.get(app.sessionContext)?.selectedCompanyId;
      return new Response("ok", { headers });
    });
    expect(loaderSaw).toBe("globex");
    expect(getSetCookies(response.headers).some((c) => c.startsWith("authjs.session-token"))).toBe(true);
  });

  test("a refused update throws and leaves the context's session as it was", async () => {
    const cookie = await signInAlice();
    const post = new Request(`${ORIGIN}/dashboard`, { method: "POST", headers: { cookie, origin: ORIGIN } });
    await run(post, async (context) => {
      const before = context.get(app.sessionContext);
      const error = await app
        .updateSession({ request: post, context }, { selectedCompanyId: "initech" })
        .catch((caught: unknown) => caught);
      expect(isSafeSessionError(error) && error.code).toBe("FORBIDDEN");
      expect(context.get(app.sessionContext)).toBe(before);
      return new Response("ok");
    });
  });
});

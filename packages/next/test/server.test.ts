import { beforeEach, describe, expect, test, vi } from "vitest";
import { updateSession as clientUpdate } from "../src/client.js";
import { SafeSessionError } from "../src/index.js";
import { browser, testApp } from "./fixture.js";

/** What Next's request store gives `headers()`/`cookies()`: set() is refused in server components. */
const next = vi.hoisted(() => ({
  headers: new Headers(),
  jar: new Map<string, string>(),
  serverComponent: false,
  redirects: [] as string[],
}));

vi.mock("next/headers", () => ({
  headers: async () => next.headers,
  cookies: async () => ({
    getAll: () => [...next.jar].map(([name, value]) => ({ name, value })),
    set: (cookie: { name: string; value: string; maxAge?: number }) => {
      if (next.serverComponent) throw new Error("Cookies can only be modified in a Server Action or Route Handler.");
      if (cookie.maxAge === 0 || cookie.value === "") next.jar.delete(cookie.name);
      else next.jar.set(cookie.name, cookie.value);
    },
  }),
}));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    next.redirects.push(url);
    throw new Error("NEXT_REDIRECT");
  },
}));

const ORIGIN = "http://localhost:3000";
let app: ReturnType<typeof testApp>;

/** A server action's request headers, as Next's server sets them. */
function actionHeaders(extra: Record<string, string> = {}) {
  next.headers = new Headers({
    host: "localhost:3000",
    "x-forwarded-host": "localhost:3000",
    "x-forwarded-proto": "http",
    origin: ORIGIN,
    "sec-fetch-site": "same-origin",
    ...extra,
  });
  next.serverComponent = false;
}

async function signInAs(email: string, password: string) {
  actionHeaders();
  const form = new FormData();
  form.set("email", email);
  form.set("password", password);
  form.set("$ACTION_ID_0123", "");
  await expect(app.next.signIn("credentials", form, { redirectTo: "/dashboard" })).rejects.toThrow("NEXT_REDIRECT");
  return next.redirects.at(-1);
}

async function renderServerComponent() {
  next.headers = new Headers({
    host: "localhost:3000",
    "x-forwarded-host": "localhost:3000",
    "x-forwarded-proto": "http",
  });
  next.serverComponent = true;
  return app.next.auth();
}

beforeEach(() => {
  app = testApp();
  next.jar.clear();
  next.redirects.length = 0;
});

describe("server actions and server components", () => {
  test("signIn writes the session through cookies() and redirects; auth() reads it in a server component", async () => {
    expect(await signInAs("alice@example.com", "alice-password")).toBe("/dashboard");
    expect(next.jar.has("authjs.session-token")).toBe(true);
    const session = await renderServerComponent();
    expect(session?.user?.id).toBe("alice");
    // next-auth passes `undefined` to a config function here; the request from headers() reaches it.
    expect(app.seen.config.at(-1)?.url).toBe(`${ORIGIN}/`);
  });

  test("auth() called several times in one render decodes the session once", async () => {
    await signInAs("alice@example.com", "alice-password");
    next.headers = new Headers({
      host: "localhost:3000",
      "x-forwarded-host": "localhost:3000",
      "x-forwarded-proto": "http",
    });
    next.serverComponent = true;
    const configCalls = app.seen.config.length;
    const [layout, page] = await Promise.all([app.next.auth(), app.next.auth()]);
    const nested = await app.next.auth();
    expect(layout?.user?.id).toBe("alice");
    expect(page).toBe(layout);
    expect(nested).toBe(layout);
    // One request object for the render: its config resolved, and its token decoded, once.
    expect(app.seen.config.length - configCalls).toBe(1);
  });

  test("a failed sign-in redirects to the error page and sets no session", async () => {
    expect(await signInAs("alice@example.com", "wrong")).toBe("/?error=CredentialsSignin&code=credentials");
    expect(next.jar.has("authjs.session-token")).toBe(false);
  });

  test("updateSession in a server action: the same request's next render sees the new value (next-auth #12447)", async () => {
    await signInAs("alice@example.com", "alice-password");
    actionHeaders();
    const session = await app.next.updateSession({ selectedCompanyId: "acme" });
    expect(session.selectedCompanyId).toBe("acme");
    // authorize saw the action's request, with its Origin.
    expect(app.seen.authorize.at(-1)?.headers.get("origin")).toBe(ORIGIN);
    expect((await app.next.auth())?.selectedCompanyId).toBe("acme");
    expect((await renderServerComponent())?.selectedCompanyId).toBe("acme");
  });

  test("a refused update throws SafeSessionError with its code and leaves the cookie alone", async () => {
    await signInAs("alice@example.com", "alice-password");
    actionHeaders();
    await app.next.updateSession({ selectedCompanyId: "acme" });
    const before = next.jar.get("authjs.session-token");
    const refusal = app.next.updateSession({ selectedCompanyId: "initech" });
    await expect(refusal).rejects.toBeInstanceOf(SafeSessionError);
    await expect(refusal).rejects.toMatchObject({ code: "FORBIDDEN", status: 403, field: "selectedCompanyId" });
    actionHeaders({ origin: "https://evil.example" });
    await expect(app.next.updateSession({ selectedCompanyId: "globex" })).rejects.toMatchObject({ code: "CSRF" });
    expect(next.jar.get("authjs.session-token")).toBe(before);
  });

  test("updateSession without a session is UNAUTHENTICATED; from a server component it refuses to pretend", async () => {
    actionHeaders();
    await expect(app.next.updateSession({ selectedCompanyId: "acme" })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    await signInAs("alice@example.com", "alice-password");
    next.serverComponent = true;
    await expect(app.next.updateSession({ selectedCompanyId: "acme" })).rejects.toThrow(
      /server action or route handler/,
    );
  });

  test("a revoked membership is dropped on the next render; an action rewrites the cookie", async () => {
    await signInAs("alice@example.com", "alice-password");
    actionHeaders();
    await app.next.updateSession({ selectedCompanyId: "acme" });
    app.memberships.delete("alice:acme");
    const before = next.jar.get("authjs.session-token");
    const rendered = await renderServerComponent();
    expect(rendered?.user?.id).toBe("alice");
    expect(rendered?.selectedCompanyId).toBeUndefined();
    expect(next.jar.get("authjs.session-token")).toBe(before);
    actionHeaders();
    expect((await app.next.auth())?.selectedCompanyId).toBeUndefined();
    expect(next.jar.get("authjs.session-token")).not.toBe(before);
  });

  test("signOut clears the session and redirects", async () => {
    await signInAs("alice@example.com", "alice-password");
    actionHeaders();
    await expect(app.next.signOut({ redirectTo: "/" })).rejects.toThrow("NEXT_REDIRECT");
    expect(next.redirects.at(-1)).toBe("/");
    expect(next.jar.has("authjs.session-token")).toBe(false);
    expect(await renderServerComponent()).toBeNull();
  });

  test("getToken and auth(request) read a Web Request (middleware, the Next 16 proxy)", async () => {
    await signInAs("alice@example.com", "alice-password");
    const request = new Request(`${ORIGIN}/dashboard`, {
      headers: { cookie: `authjs.session-token=${next.jar.get("authjs.session-token")}` },
    });
    expect((await app.next.getToken(request))?.sub).toBe("alice");
    expect((await app.next.auth(request))?.user?.id).toBe("alice");
    expect(await app.next.getToken(new Request(`${ORIGIN}/dashboard`))).toBeNull();
  });
});

describe("route handlers", () => {
  test("with AUTH_URL set, Auth.js builds its URLs on that origin, whatever the forwarded protocol and host say (as next-auth)", async () => {
    const { next: routes } = testApp({ env: { AUTH_URL: ORIGIN } });
    // Next builds request.url from the forwarded headers; a forged https must not reach Auth.js's URLs.
    const forged = new Request("https://evil.example/api/auth/providers", {
      headers: { "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" },
    });
    const providers = (await (await routes.handlers.GET(forged)).json()) as Record<
      string,
      { signinUrl: string; callbackUrl: string }
    >;
    expect(providers.credentials?.signinUrl).toBe(`${ORIGIN}/api/auth/signin/credentials`);
    expect(providers.credentials?.callbackUrl).toBe(`${ORIGIN}/api/auth/callback/credentials`);
  });
});

describe("client helper (./client)", () => {
  test("does the stock client's csrf + POST, returns the session, throws the code on refusal", async () => {
    await signInAs("alice@example.com", "alice-password");
    const { jar, fetch } = browser(app, ORIGIN);
    jar.set("authjs.session-token", next.jar.get("authjs.session-token") as string);
    const session = await clientUpdate<typeof app.next.safe.updates>({ selectedCompanyId: "globex" }, { fetch });
    expect(session.selectedCompanyId).toBe("globex");
    const refusal = clientUpdate({ selectedCompanyId: "initech" }, { fetch });
    await expect(refusal).rejects.toBeInstanceOf(SafeSessionError);
    await expect(refusal).rejects.toMatchObject({ code: "FORBIDDEN", field: "selectedCompanyId" });
    await expect(clientUpdate({ role: "admin" }, { fetch })).rejects.toMatchObject({ code: "UNKNOWN_FIELD" });
    jar.clear();
    await expect(clientUpdate({ selectedCompanyId: "acme" }, { fetch })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });
});

import type { RequestEvent } from "@sveltejs/kit";
import { beforeEach, describe, expect, test } from "vitest";
import { SafeSessionError, updateSession } from "../src/client.js";
import { calls } from "./app-navigation.js";
import { CONTRACT_USERS, ORIGIN, testApp } from "./fixture.js";

/** A browser for the fake app: a cookie jar, same-origin headers on every request. */
function browser(app = testApp()) {
  const jar = new Map<string, string>();
  async function send(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    if (init.method === "POST" && !headers.has("origin")) headers.set("origin", ORIGIN);
    const response = await app.respond(new Request(new URL(path, ORIGIN), { ...init, headers }));
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (/max-age=0/i.test(line)) jar.delete(pair.slice(0, eq));
      else jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  }
  const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    send(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields),
    });
  const signIn = (email = CONTRACT_USERS.member.email, password = CONTRACT_USERS.member.password) =>
    form("/?/signIn", { email, password, redirectTo: "/dashboard" });
  const dashboard = async () =>
    (await (await send("/dashboard")).json()) as { session: Record<string, unknown> | null; same: boolean };
  return { app, jar, send, form, signIn, dashboard };
}

describe("sveltekit / handle", () => {
  test("hands the config function the SvelteKit event", async () => {
    const b = browser();
    await b.send("/auth/csrf");
    const event = b.app.seen.at(-1);
    expect(event?.url.pathname).toBe("/auth/csrf");
    expect(event?.locals).toHaveProperty("auth");
  });

  test("hands clientAddress the sign-in action's event, and the config function the event of a direct core call", async () => {
    const addresses: RequestEvent[] = [];
    const app = testApp({
      clientAddress: (_request, event) => {
        addresses.push(event);
        return "192.0.2.1";
      },
    });
    const b = browser(app);
    await b.signIn();
    expect(addresses.map((event) => `${event.url.pathname}${event.url.search}`)).toEqual(["/?/signIn"]);
    expect(addresses[0]?.locals).toHaveProperty("auth");
    const url = new URL("/api/token", ORIGIN);
    const event = { request: new Request(url), url, locals: {} } as unknown as RequestEvent;
    expect(await app.kit.safe.getToken(event.request, event)).toBeNull();
    expect(app.seen.at(-1)).toBe(event);
  });

  test("sends other paths to resolve, with locals.auth decoding the session once per request", async () => {
    const b = browser();
    expect(await b.dashboard()).toEqual({ session: null, same: true });
    await b.signIn();
    const { session, same } = await b.dashboard();
    expect((session?.user as { id?: string } | undefined)?.id).toBe("alice");
    expect(same).toBe(true);
  });
});

describe("sveltekit / form actions", () => {
  test("signIn signs in and redirects (303) to redirectTo, with the cookie set through event.cookies", async () => {
    const b = browser();
    const response = await b.signIn();
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/dashboard");
    expect(b.jar.has("authjs.session-token")).toBe(true);
  });

  test("signIn with a wrong password lands on the error page without a session", async () => {
    const b = browser();
    const response = await b.signIn(CONTRACT_USERS.member.email, "wrong");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/\?error=CredentialsSignin/);
    expect(b.jar.has("authjs.session-token")).toBe(false);
  });

  test("updateSession(event, patch) updates, and a load in the same request reads the new session", async () => {
    const b = browser();
    await b.signIn();
    const response = await b.form("/dashboard?/select", { companyId: "acme" });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { session: Record<string, unknown>; same: boolean };
    expect(body.session.selectedCompanyId).toBe("acme");
    expect((await b.dashboard()).session?.selectedCompanyId).toBe("acme");
  });

  test("updateSession refuses what core refuses, and keeps the session", async () => {
    const b = browser();
    await b.signIn();
    const forbidden = await b.form("/dashboard?/select", { companyId: "initech" });
    expect([forbidden.status, await forbidden.json()]).toEqual([403, { code: "FORBIDDEN" }]);
    const crossSite = await b.form("/dashboard?/select", { companyId: "acme" }, { origin: "https://evil.example" });
    expect([crossSite.status, await crossSite.json()]).toEqual([403, { code: "CSRF" }]);
    expect((await b.dashboard()).session?.selectedCompanyId).toBeUndefined();
  });

  test("signOut clears the session and redirects to /", async () => {
    const b = browser();
    await b.signIn();
    const response = await b.form("/dashboard?/signOut", {});
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    expect((await b.dashboard()).session).toBeNull();
  });
});

describe("sveltekit / client updateSession", () => {
  beforeEach(() => {
    calls.invalidateAll = 0;
  });

  const fetchFor = (b: ReturnType<typeof browser>) =>
    ((input: RequestInfo | URL, init?: RequestInit) => b.send(String(input), init)) as typeof fetch;

  test("fetches a token, updates, invalidates load data and tells the other tabs", async () => {
    const b = browser();
    await b.signIn();
    const otherTab = new BroadcastChannel("safe-session");
    const told = new Promise((resolve) =>
      otherTab.addEventListener("message", (event) => resolve(event.data), { once: true }),
    );
    try {
      const session = await updateSession({ selectedCompanyId: "globex" }, { fetch: fetchFor(b) });
      expect(session?.selectedCompanyId).toBe("globex");
      expect(calls.invalidateAll).toBe(1);
      expect(await told).toBe("updated");
      expect((await b.dashboard()).session?.selectedCompanyId).toBe("globex");
    } finally {
      otherTab.close();
    }
  });

  test("throws SafeSessionError with the contract's code and field, without invalidating", async () => {
    const b = browser();
    await b.signIn();
    const error = await updateSession({ selectedCompanyId: "initech" }, { fetch: fetchFor(b) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SafeSessionError);
    expect(error).toMatchObject({ code: "FORBIDDEN", status: 403, field: "selectedCompanyId" });
    expect(calls.invalidateAll).toBe(0);
  });

  test("signed out, the update is UNAUTHENTICATED", async () => {
    const error = await updateSession({ selectedCompanyId: "acme" }, { fetch: fetchFor(browser()) }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: "SafeSessionError", code: "UNAUTHENTICATED" });
  });
});

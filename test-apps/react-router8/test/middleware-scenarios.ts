/**
 * The session middleware in the app (root.tsx: `countSessionReads`, then the binding's
 * `sessionMiddleware`), through whatever answers its Requests: React Router's request handler in
 * this process, or the production server over HTTP. `X-Session-Reads` is the app's count of
 * session decodes (its `jwt` callback) for the request.
 */
import type { DemoStore } from "@safe-session/demo-data";
import { getSetCookies } from "@safe-session/remix";
import { beforeAll, describe, expect, test } from "vitest";

export interface MiddlewareTarget {
  fetch(request: Request): Promise<Response>;
  origin: string;
  store: DemoStore;
}

const SESSION = "authjs.session-token";

/** A browser's cookie jar, for one origin: later `Set-Cookie`s replace earlier ones, empty values expire. */
class Jar {
  readonly cookies = new Map<string, string>();
  take(response: Response): string[] {
    const setCookies = getSetCookies(response.headers);
    for (const cookie of setCookies) {
      const [pair = ""] = cookie.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === "" || /max-age=0\b/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return setCookies;
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  session(): string | undefined {
    return this.cookies.get(SESSION);
  }
}

export function runMiddlewareScenarios(name: string, setup: () => Promise<MiddlewareTarget>): void {
  describe(`${name} / session middleware and router context`, () => {
    let target: MiddlewareTarget;
    beforeAll(async () => {
      target = await setup();
    });

    const send = (jar: Jar, path: string, init: { method?: string; form?: Record<string, string> } = {}) => {
      const headers = new Headers({ cookie: jar.header() });
      if (init.form) headers.set("origin", target.origin);
      const body = init.form ? new URLSearchParams(init.form) : undefined;
      return target.fetch(
        new Request(`${target.origin}${path}`, {
          method: init.method ?? (body ? "POST" : "GET"),
          headers,
          body,
          redirect: "manual",
        }),
      );
    };

    async function signIn(email: string, password: string): Promise<Jar> {
      const jar = new Jar();
      const response = await send(jar, "/?index", { form: { email, password } });
      expect(response.status).toBe(302);
      jar.take(response);
      expect(jar.session()).toBeTruthy();
      return jar;
    }

    test("signed out: the loader sees null in the context, no session is decoded, no cookie is set", async () => {
      const response = await send(new Jar(), "/profile");
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("Signed out");
      expect(response.headers.get("x-session-reads")).toBe("0");
      expect(getSetCookies(response.headers).filter((cookie) => cookie.startsWith(SESSION))).toEqual([]);
      // The dashboard's loader turns the same null into a redirect to sign in.
      const dashboard = await send(new Jar(), "/dashboard");
      expect([dashboard.status, dashboard.headers.get("location")]).toEqual([302, "/"]);
    });

    test("signed in: loaders read the session from the context, decoded once per request", async () => {
      const jar = await signIn("alice@example.com", "alice-password");
      for (const path of ["/profile", "/dashboard", "/dashboard.data", "/profile.data?_routes=routes/profile"]) {
        const response = await send(jar, path);
        expect(response.status, path).toBe(200);
        expect(response.headers.get("x-session-reads"), path).toBe("1");
        expect(await response.text(), path).toMatch(/Alice/);
      }
    });

    test("a refresh (a company revalidated away) sends its Set-Cookie with the page; the browser's next request reads it", async () => {
      const jar = await signIn("bob@example.com", "bob-password");
      const selected = await send(jar, "/dashboard", { form: { intent: "select", companyId: "initech" } });
      expect(selected.status).toBe(302);
      jar.take(selected);
      const withInitech = jar.session();
      expect(await (await send(jar, "/dashboard")).text()).toContain("Current company: Initech");

      target.store.revoke("bob", "initech");
      try {
        const page = await send(jar, "/dashboard");
        expect(page.status).toBe(200);
        expect(page.headers.get("x-session-reads")).toBe("1");
        const cookies = jar.take(page);
        expect(cookies.some((cookie) => cookie.startsWith(`${SESSION}=`))).toBe(true);
        expect(jar.session()).not.toBe(withInitech);
        expect(await page.text()).toContain("No company selected");
      } finally {
        target.store.grant("bob", "initech");
      }
      // Membership back: the old token would show Initech again; the refreshed one no longer has it.
      expect(await (await send(jar, "/dashboard")).text()).toContain("No company selected");
      const old = new Jar();
      old.cookies.set(SESSION, withInitech ?? "");
      expect(await (await send(old, "/dashboard")).text()).toContain("Current company: Initech");
    });

    test("a form post without JavaScript: the loader after the action sees the updated session from the context", async () => {
      const jar = await signIn("alice@example.com", "alice-password");
      const saved = await send(jar, "/profile", { form: { name: "Alice Context" } });
      expect(saved.status).toBe(200);
      jar.take(saved);
      expect(await saved.text()).toContain("Profile of Alice Context");
      expect(await (await send(jar, "/profile")).text()).toContain("Profile of Alice Context");

      const before = jar.session();
      const refused = await send(jar, "/profile", { form: { name: "" } });
      expect(refused.status).toBe(400);
      expect(getSetCookies(refused.headers).filter((cookie) => cookie.startsWith(SESSION))).toEqual([]);
      const html = await refused.text();
      expect(html).toContain("INVALID_VALUE");
      expect(html).toContain("Profile of Alice Context");
      expect(jar.session()).toBe(before);
    });

    test("the auth/* resource route under the root middleware still answers as the binding does", async () => {
      const jar = await signIn("alice@example.com", "alice-password");
      const response = await send(jar, "/auth/session");
      expect(response.status).toBe(200);
      expect(((await response.json()) as { user?: { email?: string } }).user?.email).toBe("alice@example.com");
      // A refusal leaves the session cookie alone (the contract): a middleware read of the tampered
      // cookie would have expired it on this response.
      const tamperedJar = new Jar();
      tamperedJar.cookies.set(SESSION, "tampered");
      const refused = await send(tamperedJar, "/auth/session", { method: "POST" });
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(getSetCookies(refused.headers).filter((cookie) => cookie.startsWith(SESSION))).toEqual([]);
      // The same cookie on a page is read by the middleware, which expires it there.
      const page = await send(tamperedJar, "/profile");
      expect(await page.text()).toContain("Signed out");
      expect(getSetCookies(page.headers).some((cookie) => cookie.startsWith(`${SESSION}=;`))).toBe(true);
    });
  });
}

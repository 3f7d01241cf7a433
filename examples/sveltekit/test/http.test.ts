import { type StartedExample, runExampleConformance, startExample } from "@safe-session/demo-data/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SVELTEKIT_APP } from "./app.js";

runExampleConformance(SVELTEKIT_APP, { name: "sveltekit (http)" });

describe("sveltekit (http) / the app around the library", () => {
  let own: StartedExample;
  beforeAll(async () => {
    own = await startExample(SVELTEKIT_APP);
  });
  afterAll(async () => {
    await own?.stop();
  });

  const form = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${own.origin}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", ...headers },
      body: new URLSearchParams(body),
    });

  async function signIn(): Promise<string> {
    const response = await form("/?/signIn", { email: "alice@example.com", password: "alice-password", redirectTo: "/dashboard" }, { origin: own.origin });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/dashboard");
    const cookies = response.headers.getSetCookie();
    // `start.js` set ORIGIN to the http origin: plain cookie names, no Secure flag.
    const session = cookies.find((c) => c.startsWith("authjs.session-token="));
    expect(session).toBeDefined();
    expect(session).not.toMatch(/;\s*Secure/i);
    return cookies.map((c) => c.split(";")[0]).join("; ");
  }

  test("sign-in and select work as form posts, and the dashboard renders the choice on the server", async () => {
    const cookie = await signIn();
    const selected = await form("/dashboard?/select", { companyId: "globex" }, { origin: own.origin, cookie });
    expect(selected.status).toBe(200);
    const next = selected.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const page = await (await fetch(`${own.origin}/dashboard`, { headers: { cookie: next } })).text();
    expect(page).toContain("Current company: Globex");
  });

  test("SvelteKit refuses a cross-site form post to a form action before the library runs", async () => {
    const cookie = await signIn();
    const response = await form("/dashboard?/select", { companyId: "acme" }, { origin: "https://evil.example", cookie });
    expect(response.status).toBe(403);
  });

  test("SvelteKit refuses an Origin-less form post, also under the base path (why the suite adds Origin)", async () => {
    const response = await form("/auth/callback/credentials", { email: "alice@example.com", password: "alice-password" });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  test("signed out, /dashboard redirects to the sign-in page", async () => {
    const response = await fetch(`${own.origin}/dashboard`, { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
  });
});

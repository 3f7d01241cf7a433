import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { EXPRESS_SERVER, type StartedExample, runExampleConformance, startExample } from "./app.js";

runExampleConformance(EXPRESS_SERVER, { name: "remix (http)" });

describe("remix (http) / the app around the library", () => {
  let app: StartedExample;
  beforeAll(async () => {
    app = await startExample(EXPRESS_SERVER);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${app.origin}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { accept: "text/html", origin: app.origin, ...headers },
      body,
    });
  const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    post(path, new URLSearchParams(fields), { "content-type": "application/x-www-form-urlencoded", ...headers });
  const cookiesOf = (response: Response) =>
    response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
  const page = async (cookie: string) => (await fetch(`${app.origin}/dashboard`, { headers: { cookie } })).text();

  async function signIn(): Promise<string> {
    const response = await form("/?index", {
      email: "alice@example.com",
      password: "alice-password",
      callbackUrl: "/dashboard",
    });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get("location") ?? "", app.origin).href).toBe(`${app.origin}/dashboard`);
    expect(response.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token="))).toBe(true);
    return cookiesOf(response);
  }

  test("sign-in and select work as form posts, and the dashboard renders the choice on the server", async () => {
    const cookie = await signIn();
    expect(await page(cookie)).toContain("Signed in as <strong>Alice</strong>");
    const selected = await form("/dashboard", { intent: "select", companyId: "globex" }, { cookie });
    expect(selected.status).toBe(302);
    const html = await page(cookiesOf(selected));
    expect(html).toContain("Current company: Globex");
    expect(html).toMatch(/aria-pressed="true"[^>]*>Select Globex/);
    expect(html).toMatch(/aria-pressed="false"[^>]*>Select Acme Corp/);
  });

  test("the name form: a valid name is the session's user.name; an empty or too long one is refused with what to do instead", async () => {
    const cookie = await signIn();
    const saved = await form("/dashboard", { intent: "name", name: "  Alice Liddell " }, { cookie });
    expect(saved.status).toBe(302);
    const renamed = cookiesOf(saved);
    expect(await page(renamed)).toContain("Signed in as <strong>Alice Liddell</strong>");
    const session = await (await fetch(`${app.origin}/auth/session`, { headers: { cookie: renamed } })).json();
    expect(session.user).toMatchObject({ id: "alice", name: "Alice Liddell" });

    for (const name of ["   ", "x".repeat(51)]) {
      const refused = await form("/dashboard", { intent: "name", name }, { cookie: renamed });
      expect(refused.status).toBe(400);
      expect(refused.headers.getSetCookie()).toEqual([]);
      const html = await refused.text();
      // What to do instead (app/refusal-message.ts), not zod's "Too small: expected string to have >=1 characters".
      expect(html).toContain('<p role="alert">Enter a name of 1 to 50 characters.</p>');
      expect(html).toContain("Signed in as <strong>Alice Liddell</strong>");
    }
  });

  test("a malformed body to an action answers 4xx (or, read as an empty form, a failed sign-in), never a 500, and changes nothing", async () => {
    const cookie = await signIn();
    const bodies: [string, string][] = [
      ["text/plain", "intent=select&companyId=globex"],
      ["multipart/form-data; boundary=x", "not a multipart body"],
      ["application/json", '{"intent":"select","companyId":"globex"}'],
    ];
    for (const [type, body] of bodies) {
      const response = await post("/dashboard", body, { "content-type": type, cookie });
      expect(response.status, type).toBe(400);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(await response.text()).toMatch(/<p role="alert">[^<]+<\/p>/);
      // The same as Remix's <Form> sends it with JavaScript (`_data`: the route's action as JSON).
      const fetched = await post("/dashboard?_data=routes%2Fdashboard", body, {
        "content-type": type,
        cookie,
        accept: "*/*",
      });
      expect(fetched.status, `${type} (_data)`).toBe(400);
      expect(fetched.headers.getSetCookie()).toEqual([]);
      expect(await fetched.json()).toMatchObject({ error: expect.stringMatching(/./) });

      // The sign-in page, posted signed out (signed in, its loader redirects to the dashboard).
      for (const path of ["/?index", "/?index&_data=routes%2F_index"]) {
        const signInPost = await post(path, body, { "content-type": type });
        expect(signInPost.status, `${path} ${type}`).toBeLessThan(500);
        expect(signInPost.headers.getSetCookie().filter((c) => /^authjs\.session-token=[^;]/.test(c))).toEqual([]);
      }
    }
    expect(await page(cookie)).toContain("No company selected");
  });

  test("a forged Host or X-Forwarded-Host does not change Auth.js's URLs (AUTH_URL defaults to the app's origin)", async () => {
    const forged: Record<string, string>[] = [
      { host: "evil.example" },
      { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
    ];
    for (const headers of forged) {
      const providers = await rawGet(app.port, "/auth/providers", headers);
      expect(providers.status).toBe(200);
      expect(providers.body).not.toContain("evil.example");
      expect(JSON.parse(providers.body).credentials.signinUrl).toBe(`${app.origin}/auth/signin/credentials`);
    }
  });

  test("a sign-in form posted from another origin as a document: Remix's own check refuses it before the action, nobody is signed in", async () => {
    const fields = { email: "alice@example.com", password: "alice-password", callbackUrl: "/dashboard" };
    const response = await form("/?index", fields, { origin: "http://evil.example", "sec-fetch-site": "cross-site" });
    // Remix answers its own refusal (`throwIfPotentialCSRFAttack`) with a 500, before any app
    // code runs; the conformance scenario posts the `_data` request that reaches the action.
    expect(response.status).toBe(500);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  test("signed out, /dashboard redirects to the sign-in page", async () => {
    const response = await fetch(`${app.origin}/dashboard`, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/?callbackUrl=%2Fdashboard");
  });
});

/** A GET with headers fetch() will not send as given (`Host`). */
function rawGet(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

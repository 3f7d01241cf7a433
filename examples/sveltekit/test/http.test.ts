import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type StartedExample, runExampleConformance, startExample } from "./app.js";

runExampleConformance({ name: "sveltekit (http)" });

describe("sveltekit (http) / the app around the library", () => {
  let app: StartedExample;
  beforeAll(async () => {
    app = await startExample();
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

  async function signIn(email = "alice@example.com", password = "alice-password"): Promise<string> {
    const response = await form("/?/signIn", { email, password, redirectTo: "/dashboard" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/dashboard");
    const cookies = response.headers.getSetCookie();
    // `start.js` set ORIGIN to the http origin: plain cookie names, no Secure flag.
    const session = cookies.find((c) => c.startsWith("authjs.session-token="));
    expect(session).toBeDefined();
    expect(session).not.toMatch(/;\s*Secure/i);
    return cookiesOf(response);
  }

  test("sign-in and select work as form posts, and the dashboard renders the choice on the server", async () => {
    const cookie = await signIn();
    expect(await page(cookie)).toContain("Signed in as <strong>Alice</strong>");
    const selected = await form("/dashboard?/select", { companyId: "globex" }, { cookie });
    expect(selected.status).toBe(200);
    const html = await page(cookiesOf(selected));
    expect(html).toContain("Current company: Globex");
    expect(html).toMatch(/aria-pressed="true"[^>]*>\s*Select Globex/);
    expect(html).toMatch(/aria-pressed="false"[^>]*>\s*Select Acme Corp/);
  });

  test("the name form: a valid name is the session's user.name; an empty or too long one is refused with what to do instead", async () => {
    const cookie = await signIn();
    const saved = await form("/dashboard?/name", { name: "  Alice Liddell " }, { cookie });
    expect(saved.status).toBe(200);
    const renamed = cookiesOf(saved);
    expect(await page(renamed)).toContain("Signed in as <strong>Alice Liddell</strong>");
    const session = await (await fetch(`${app.origin}/auth/session`, { headers: { cookie: renamed } })).json();
    expect(session.user).toMatchObject({ id: "alice", name: "Alice Liddell" });

    for (const name of ["   ", "x".repeat(51)]) {
      const refused = await form("/dashboard?/name", { name }, { cookie: renamed });
      expect(refused.status).toBe(400);
      expect(refused.headers.getSetCookie()).toEqual([]);
      const html = await refused.text();
      // What to do instead (src/lib/refusal-message.ts), not zod's "Too small: expected string to have >=1 characters".
      expect(html).toContain('<p role="alert">Enter a name of 1 to 50 characters.</p>');
      expect(html).toContain("Signed in as <strong>Alice Liddell</strong>");
    }
  });

  test("a malformed body to a form action answers 400 with a message, never a 500, and changes nothing", async () => {
    const cookie = await signIn();
    const bodies: [string, string][] = [
      ["text/plain", "companyId=globex"],
      ["multipart/form-data; boundary=x", "not a multipart body"],
      ["application/x-www-form-urlencoded; charset=utf-16", "\u00ff\u00fe"],
    ];
    for (const path of ["/dashboard?/select", "/dashboard?/name"]) {
      for (const [type, body] of bodies) {
        const response = await post(path, body, { "content-type": type, cookie });
        expect(response.status, `${path} ${type}`).toBe(400);
        expect(response.headers.getSetCookie()).toEqual([]);
        expect(await response.text()).toMatch(/<p role="alert">[^<]+<\/p>/);
        // The same through `use:enhance` (SvelteKit's JSON answer for form actions).
        const enhanced = await post(path, body, {
          "content-type": type,
          cookie,
          accept: "application/json",
          "x-sveltekit-action": "true",
        });
        expect(enhanced.status, `${path} ${type} (enhanced)`).toBeLessThan(500);
        expect(enhanced.headers.getSetCookie()).toEqual([]);
      }
    }
    expect(await page(cookie)).toContain("No company selected");
    // The binding's own actions read an unreadable body as no fields: no credentials, the default target.
    const unreadSignIn = await post("/?/signIn", "email=alice@example.com&password=alice-password", {
      "content-type": "text/plain",
    });
    expect(unreadSignIn.status).toBeLessThan(500);
    expect(unreadSignIn.headers.getSetCookie().filter((c) => c.startsWith("authjs.session-token="))).toEqual([]);
    const unreadSignOut = await post("/dashboard?/signOut", "redirectTo=//evil.example", {
      "content-type": "text/plain",
      cookie,
    });
    expect(unreadSignOut.status).toBe(303);
    expect(unreadSignOut.headers.get("location")).toBe("/");
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

  test("SvelteKit refuses a cross-site form post to a form action before the library runs", async () => {
    const cookie = await signIn();
    const response = await form(
      "/dashboard?/select",
      { companyId: "acme" },
      { origin: "https://evil.example", cookie },
    );
    expect(response.status).toBe(403);
  });

  test("SvelteKit refuses an Origin-less form post, also under the base path (why the suite adds Origin)", async () => {
    const response = await fetch(`${app.origin}/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "alice@example.com", password: "alice-password" }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  test("signed out, /dashboard redirects to the sign-in page", async () => {
    const response = await fetch(`${app.origin}/dashboard`, { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
  });

  // adapter-node refuses a body whose Content-Length passes its own limit before reading a byte;
  // the answer must then leave the connection to Node, which discards the rest after answering.
  // With `Connection: close` Node destroyed the socket while the client was still sending, and
  // fetch failed with EPIPE before it read the 413 (now and then, as the two raced).
  test("a body refused before it was sent whole: the client finishes sending, and the same connection answers the next request", async () => {
    const size = 1024 * 1024;
    const socket = connect(Number(new URL(app.origin).port), "127.0.0.1");
    let received = "";
    let firstAnswered: () => void = () => {};
    const answered = new Promise<void>((resolve) => {
      firstAnswered = resolve;
    });
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      if (received.startsWith("HTTP/1.1 413 ") && received.includes("\r\n\r\n")) firstAnswered();
    });
    const host = new URL(app.origin).host;
    socket.write(
      `POST /auth/session HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${app.origin}\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
    );
    socket.write("x".repeat(1000));
    // The answer comes before the client sends the rest: the order the race needed, every time.
    await Promise.race([answered, closed]);
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received).not.toMatch(/\r\nconnection: close\r\n/i);
    socket.write("x".repeat(size - 1000));
    socket.end(`GET /auth/csrf HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    await closed;
    const statuses = [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => match[1]);
    expect(statuses).toEqual(["413", "200"]);
    expect(received).toMatch(/"csrfToken":"[0-9a-f]+"/);
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

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { type StartedExample, startExample } from "./app.js";

// SAFE_SESSION_STRATEGY=database: Auth.js's tables and safe-session's store in the app's SQLite file.
const DATABASE = { SAFE_SESSION_STRATEGY: "database" };
const dir = mkdtempSync(join(tmpdir(), "example-sveltekit-database-"));

describe("sveltekit (database sessions)", () => {
  let app: StartedExample | undefined;
  afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the cookie holds only a session id; the selected company and the name survive a restart", async () => {
    const db = join(dir, "app.db");
    app = await startExample({ env: DATABASE, db });
    let origin = app.origin;
    const signedIn = await fetch(`${origin}/?/signIn`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", origin },
      body: new URLSearchParams({ email: "alice@example.com", password: "alice-password", redirectTo: "/dashboard" }),
    });
    expect(signedIn.status).toBe(303);
    const sessionId = /authjs\.session-token=([^;]+)/.exec(signedIn.headers.getSetCookie().join("\n"))?.[1] ?? "";
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const cookie = `authjs.session-token=${sessionId}`;
    for (const [action, fields] of [
      ["select", { companyId: "globex" }],
      ["name", { name: "Alice Liddell" }],
    ] as const) {
      const response = await fetch(`${origin}/dashboard?/${action}`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", origin, cookie },
        body: new URLSearchParams(fields),
      });
      expect(response.status, action).toBe(200);
    }

    await app.stop();
    app = await startExample({ env: DATABASE, db });
    origin = app.origin;
    // A new process: only the cookie carries over.
    const session = await (await fetch(`${origin}/auth/session`, { headers: { cookie } })).json();
    expect(session).toMatchObject({
      selectedCompanyId: "globex",
      user: { id: "alice", email: "alice@example.com", name: "Alice Liddell" },
    });
    const page = await (await fetch(`${origin}/dashboard`, { headers: { cookie } })).text();
    expect(page).toContain("Current company: Globex");
    expect(page).toContain("Signed in as <strong>Alice Liddell</strong>");
  }, 120_000);
});

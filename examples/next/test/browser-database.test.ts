import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTRACT_USERS } from "@safe-session/conformance";
import { afterAll, describe, expect, test } from "vitest";
import { type StartedExample, runExampleBrowserFlow, startExample } from "./app.js";

// The example switched to database sessions (SAFE_SESSION_STRATEGY=database): Auth.js's tables
// and the safe-session store in the app's SQLite file, through @auth/kysely-adapter.
const DATABASE = { SAFE_SESSION_STRATEGY: "database" };
const dir = mkdtempSync(join(tmpdir(), "example-next-database-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runExampleBrowserFlow({ name: "next (database sessions)", env: DATABASE });

/** A cookie jar over plain fetch: enough for Auth.js's sign-in and core's update endpoint. */
function client(origin: string) {
  const jar = new Map<string, string>();
  const send = async (path: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(`${origin}${path}`, {
      ...init,
      redirect: "manual",
      headers: { origin, cookie, ...init.headers },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return response;
  };
  const csrf = async () => ((await (await send("/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  return { jar, send, csrf };
}

describe("next (database sessions) / restart", () => {
  let app: StartedExample | undefined;
  afterAll(() => app?.stop());

  test("a selected company survives a restart of the app; the cookie holds only a session id", async () => {
    const db = join(dir, "restart.db");
    app = await startExample({ env: DATABASE, db });
    const { member } = CONTRACT_USERS;
    let alice = client(app.origin);
    const form = new URLSearchParams({ csrfToken: await alice.csrf(), email: member.email, password: member.password });
    const signedIn = await alice.send("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    expect(signedIn.status).toBe(302);
    const sessionId = alice.jar.get("authjs.session-token") ?? "";
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const updated = await alice.send("/api/auth/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ csrfToken: await alice.csrf(), data: { selectedCompanyId: "globex" } }),
    });
    expect(updated.status).toBe(200);

    await app.stop();
    app = await startExample({ env: DATABASE, db });
    // A new process: only the cookie carries over.
    alice = client(app.origin);
    alice.jar.set("authjs.session-token", sessionId);
    const session = await (await alice.send("/api/auth/session")).json();
    expect(session).toMatchObject({ selectedCompanyId: "globex", user: { id: "alice", email: member.email } });
  }, 180_000); // two `next start`s
});

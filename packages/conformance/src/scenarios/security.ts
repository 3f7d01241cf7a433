/**
 * The edges of the contract: other spellings of the session route, sign-out, duplicate cookies,
 * redirect targets, sign-in from another site, a refused body's connection, what the session JSON
 * shows, and sign-out after a store flood. Password guessing is in `sign-in.ts`.
 */
import { strict as assert } from "node:assert";
import { Client, snapshot } from "../client.js";
import { valuesOf } from "../harness.js";
import { type Scenario, json, signedIn, touchesSession } from "./support.js";

const EVIL = "https://evil.example";
const CROSS_SITE = { origin: EVIL, "sec-fetch-site": "cross-site" };

/** Spellings Auth.js reads as its own `session` action (it drops empty segments). */
const SESSION_SPELLINGS = ["//session", "/session/", "///session//"];

/** Paths under the base path that are not the session route (Auth.js answers UnknownAction). */
const NOT_SESSION = ["/session/x", "/session/callback"];

/** A 2xx that answers a session, or a new session cookie: what a refused path must never give. */
async function assertNoSessionAnswer(client: Client, response: Response, what: string): Promise<void> {
  const wrote = touchesSession(client, response);
  const text = await response.text();
  assert.ok(!wrote, `${what}: no session cookie is written (got ${response.status} ${text.slice(0, 120)})`);
}

export const security: Scenario[] = [
  {
    id: "security.session-route-spellings",
    title: "every spelling of the session route runs the update contract (a cross-site update is refused)",
    async run(h) {
      const client = await signedIn(h);
      const before = await snapshot(client);
      const csrfToken = await client.csrf();
      const attacker = { [client.field]: valuesOf(h).others, sub: h.users.other.id };
      for (const spelling of SESSION_SPELLINGS) {
        const response = await client.send(`${h.basePath}${spelling}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...CROSS_SITE },
          body: json({ csrfToken, data: attacker }),
        });
        // The contract's 403, or the framework's own refusal of the path (Next redirects `//`).
        assert.ok(
          response.status === 403 || (response.status >= 300 && response.status < 500),
          `${spelling}: refused (got ${response.status})`,
        );
        await assertNoSessionAnswer(client, response, spelling);
      }
      assert.deepEqual(await snapshot(client), before, "the session is unchanged");
    },
  },
  {
    id: "security.session-subpaths",
    title: "{basePath}/session/<anything> is not the session route: no update, no session",
    async run(h) {
      const client = await signedIn(h);
      const before = await snapshot(client);
      const csrfToken = await client.csrf();
      for (const path of NOT_SESSION) {
        const response = await client.send(`${h.basePath}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: h.origin },
          body: json({ csrfToken, data: { [client.field]: valuesOf(h).own } }),
        });
        assert.notEqual(response.status, 200, `${path} does not answer 200`);
        assert.ok(response.status < 500, `${path}: no 5xx (got ${response.status})`);
        await assertNoSessionAnswer(client, response, path);
      }
      assert.deepEqual(await snapshot(client), before, "the session is unchanged");
    },
  },
  {
    id: "security.sign-out-ends-session",
    title: "sign-out ends the session on the server: a copy of the old cookie reads as no session, on every spelling",
    async run(h) {
      const client = await signedIn(h);
      const copy = client.clone();
      assert.notEqual(await copy.session(), null, "the copy is signed in before sign-out");
      await client.signOut();
      assert.equal(await client.session(), null, "the signed-out browser has no session");
      for (const spelling of ["/session", ...SESSION_SPELLINGS]) {
        const response = await copy.clone().send(`${h.basePath}${spelling}`);
        const text = await response.text();
        const body = response.status === 200 ? (JSON.parse(text || "null") as Record<string, unknown> | null) : null;
        assert.ok(
          body === null || Object.keys(body).length === 0,
          `${spelling} with the old cookie reads no session (got ${text.slice(0, 120)})`,
        );
      }
      assert.equal(await copy.session(), null, "the old cookie stays signed out");
    },
  },
  {
    id: "security.duplicate-cookies",
    title: "duplicate session cookies are read one way: the first, as Auth.js reads them",
    async run(h) {
      const member = await signedIn(h);
      const other = await signedIn(h, "other");
      const name = member.sessionCookieName;
      const both = `${name}=${member.jar.get(name)}; ${name}=${other.jar.get(name)}`;
      const response = await new Client(h).send(`${h.basePath}/session`, { headers: { cookie: both } });
      assert.equal(response.status, 200);
      const session = (await response.json()) as { user?: { email?: string } } | null;
      assert.equal(session?.user?.email, h.users.member.email, "the first cookie's user");
    },
  },
  {
    id: "security.redirect-targets",
    title: "sign-in never redirects off the app's origin (//host, /\\host, /..//host, another host)",
    async run(h) {
      for (const target of ["//evil.example", "/\\evil.example", "/..//evil.example", `${EVIL}/`]) {
        const client = new Client(h);
        const csrfToken = await client.csrf();
        const response = await client.send(`${h.basePath}/callback/credentials`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", origin: h.origin },
          body: new URLSearchParams({
            csrfToken,
            email: h.users.member.email,
            password: h.users.member.password,
            callbackUrl: target,
          }),
        });
        await response.body?.cancel();
        const location = response.headers.get("location") ?? "";
        assert.ok(response.status >= 300 && response.status < 400, `${target}: sign-in redirects`);
        assert.ok(!/^\/[/\\]/.test(location), `${target}: the Location is no //-path (got ${location})`);
        assert.equal(
          new URL(location, h.origin).origin,
          new URL(h.origin).origin,
          `${target}: stays on the app's origin (got ${location})`,
        );
      }
    },
  },
  {
    id: "security.sign-in-form-cross-site",
    title: "the app's sign-in form posted from another site signs nobody in (login CSRF)",
    requires: (h) => (h.signInForm ? undefined : "the target names no sign-in form of its own (`signInForm`)"),
    async run(h) {
      const form = h.signInForm;
      if (!form) return;
      const client = new Client(h);
      const response = await client.send(form.path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...CROSS_SITE, ...form.headers },
        body: new URLSearchParams({ ...form.fields, email: h.users.member.email, password: h.users.member.password }),
      });
      await response.body?.cancel();
      assert.ok(response.status < 500, `no 5xx (got ${response.status})`);
      assert.equal(client.sessionToken(), undefined, `no session cookie (got ${response.status})`);
      assert.equal(await client.session(), null, "nobody is signed in");
    },
  },
  {
    id: "security.refused-body-connection",
    title: "a refused oversized body does not break the next request on the same connection",
    async run(h) {
      const client = await signedIn(h);
      const csrfToken = await client.csrf();
      const big = json({ csrfToken, data: { [client.field]: "x".repeat(1024 * 1024) } });
      const refused = await client.send(`${h.basePath}/session`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: h.origin },
        body: big,
      });
      await refused.body?.cancel();
      assert.equal(refused.status, 413, "the body is refused: 413");
      for (let i = 0; i < 3; i++) {
        const next = await client.session();
        assert.equal(
          (next as { user?: { email?: string } } | null)?.user?.email,
          h.users.member.email,
          `read ${i + 1} after the refusal answers`,
        );
      }
    },
  },
  {
    id: "security.session-json-no-token",
    title: "the session JSON never holds the session token (database sessions: `sessionToken`)",
    async run(h) {
      const client = await signedIn(h);
      const token = client.sessionToken() as string;
      const read = await client.send(`${h.basePath}/session`);
      const update = await client.update({});
      for (const [what, response] of [
        ["GET session", read],
        ["POST session {}", update],
      ] as const) {
        const text = await response.text();
        assert.ok(!hasKey(JSON.parse(text || "null"), "sessionToken"), `${what}: no \`sessionToken\` in the JSON`);
        assert.ok(!text.includes(token), `${what}: the session cookie's value is not in the JSON`);
      }
    },
  },
  {
    id: "security.sign-out-survives-flood",
    title: "a signed-out cookie stays signed out after the store is flooded with other entries",
    requires: (h) =>
      h.floodStore ? undefined : "the target gives no way to flood its store (`floodStore`, in-process targets only)",
    timeoutMs: 120_000,
    async run(h) {
      const client = await signedIn(h);
      const copy = client.clone();
      await client.signOut();
      assert.equal(await copy.clone().session(), null, "the copy reads as no session after sign-out");
      await h.floodStore?.();
      assert.equal(await copy.session(), null, "after the flood the old cookie still reads as no session");
    },
  },
];

/** Whether `key` appears at any depth of a parsed JSON value. */
function hasKey(value: unknown, key: string): boolean {
  if (value === null || typeof value !== "object") return false;
  return Object.entries(value).some(([k, v]) => k === key || hasKey(v, key));
}

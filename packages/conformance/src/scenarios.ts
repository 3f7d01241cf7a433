import { strict as assert } from "node:assert";
import { encode } from "@auth/core/jwt";
import * as fc from "fast-check";
import { Client, setCookies, snapshot } from "./client.js";
import type { Harness } from "./harness.js";

export interface Scenario {
  id: string;
  title: string;
  /** Why this harness cannot run the scenario, or `undefined` when it can. */
  requires?(harness: Harness): string | undefined;
  run(harness: Harness): Promise<void>;
  timeoutMs?: number;
}

type ErrorCode =
  | "UNAUTHENTICATED"
  | "CSRF"
  | "UNKNOWN_FIELD"
  | "INVALID_VALUE"
  | "FORBIDDEN"
  | "BAD_REQUEST"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "METHOD_NOT_ALLOWED"
  | "RATE_LIMITED";

// The contract's table, written out here on purpose: the suite checks implementations against
// DESIGN.md, so it does not import the statuses from the code under test.
const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  CSRF: 403,
  UNKNOWN_FIELD: 400,
  INVALID_VALUE: 400,
  FORBIDDEN: 403,
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  METHOD_NOT_ALLOWED: 405,
  RATE_LIMITED: 429,
};

async function signedIn(harness: Harness, who: "member" | "other" = "member"): Promise<Client> {
  const client = new Client(harness);
  await client.signIn(harness.users[who]);
  return client;
}

/** Signed in with the member's own company already selected, so a refusal has something to keep. */
async function withCompany(harness: Harness): Promise<Client> {
  const client = await signedIn(harness);
  const response = await client.update({ [client.field]: harness.companies.own });
  assert.equal(response.status, 200, "selecting an own company succeeds");
  await response.body?.cancel();
  return client;
}

function touchesSession(client: Client, response: Response): boolean {
  const name = client.sessionCookieName;
  return setCookies(response).some((line) => line.startsWith(`${name}=`) || line.startsWith(`${name}.`));
}

/**
 * Runs `attempt` and asserts the refusal: status and code from the contract, the error body's
 * shape, no session cookie written, and a session and token that read exactly as before.
 */
async function refused(client: Client, code: ErrorCode, attempt: () => Promise<Response>, field?: string): Promise<void> {
  const before = await snapshot(client);
  const tokenBefore = client.sessionToken();
  const response = await attempt();
  const text = await response.text();
  assert.equal(response.status, STATUS[code], `expected ${STATUS[code]} ${code}, got ${response.status} ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; field?: unknown } };
  assert.equal(body.error?.code, code, `error code (body: ${text.slice(0, 200)})`);
  assert.equal(typeof body.error?.message, "string", "error message is a string");
  if (field !== undefined) assert.equal(body.error?.field, field, "error names the field");
  assert.equal(response.headers.get("content-type")?.split(";")[0], "application/json");
  assert.ok(!touchesSession(client, response), "a refused update writes no session cookie");
  assert.equal(client.sessionToken(), tokenBefore, "the session cookie is unchanged");
  assert.deepEqual(await snapshot(client), before, "the next read decodes to the same session");
}

async function selected(client: Client): Promise<unknown> {
  return (await client.clone().session())?.[client.field];
}

const json = (data: unknown) => JSON.stringify(data);

function massAssignment(id: string, key: string, value: unknown): Scenario {
  return {
    id: `mass-assignment.${id}`,
    title: `refuses mass assignment of ${JSON.stringify(key)} with UNKNOWN_FIELD`,
    async run(h) {
      const client = await withCompany(h);
      const data = JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}}`);
      await refused(client, "UNKNOWN_FIELD", () => client.update(data));
      assert.equal(Object.hasOwn(Object.prototype, "polluted"), false);
    },
  };
}

function invalidValue(id: string, label: string, value: unknown): Scenario {
  return {
    id: `type-confusion.${id}`,
    title: `refuses ${label} with INVALID_VALUE`,
    async run(h) {
      const client = await withCompany(h);
      await refused(client, "INVALID_VALUE", () => client.update({ [client.field]: value }), client.field);
    },
  };
}

function forbiddenValue(id: string, label: string, value: (h: Harness) => string): Scenario {
  return {
    id: `authorization.${id}`,
    title: `refuses ${label} with FORBIDDEN`,
    async run(h) {
      const client = await withCompany(h);
      await refused(client, "FORBIDDEN", () => client.update({ [client.field]: value(h) }), client.field);
    },
  };
}

function badBody(id: string, label: string, body: string): Scenario {
  return {
    id: `bad-request.${id}`,
    title: `refuses ${label} with BAD_REQUEST`,
    async run(h) {
      const client = await withCompany(h);
      await refused(client, "BAD_REQUEST", () =>
        client.send(client.path("session"), { method: "POST", headers: { "content-type": "application/json" }, body }),
      );
    },
  };
}

function mediaType(id: string, contentType: string | null): Scenario {
  return {
    id: `media-type.${id}`,
    title: `refuses Content-Type ${contentType ?? "(none)"} with UNSUPPORTED_MEDIA_TYPE`,
    async run(h) {
      const client = await withCompany(h);
      const csrfToken = await client.csrf();
      const body = json({ csrfToken, data: { [client.field]: h.companies.ownOther } });
      await refused(client, "UNSUPPORTED_MEDIA_TYPE", () =>
        client.send(client.path("session"), {
          method: "POST",
          // A same-origin page sending that type (frameworks refuse cross-site form types themselves).
          headers: { origin: h.origin, ...(contentType === null ? {} : { "content-type": contentType }) },
          body: contentType === null ? new Blob([body]) : body,
        }),
      );
    },
  };
}

function method(verb: string): Scenario {
  return {
    id: `method.${verb.toLowerCase()}`,
    title: `answers ${verb} with METHOD_NOT_ALLOWED and an Allow header`,
    async run(h) {
      const client = await withCompany(h);
      let allow: string | null = null;
      await refused(client, "METHOD_NOT_ALLOWED", async () => {
        const response = await client.send(client.path("session"), {
          method: verb,
          headers: { "content-type": "application/json" },
          body: json({ data: { [client.field]: h.companies.ownOther } }),
        });
        allow = response.headers.get("allow");
        return response;
      });
      assert.ok(allow, "Allow header present");
      const methods = (allow as string).split(",").map((m) => m.trim());
      assert.ok(methods.includes("GET") && methods.includes("POST"), `Allow lists GET and POST (got ${allow})`);
    },
  };
}

function crossSite(id: string, label: string, headers: (h: Harness) => Record<string, string>): Scenario {
  return {
    id: `origin.${id}`,
    title: `refuses an update with ${label} with CSRF, even with a valid token`,
    async run(h) {
      const client = await withCompany(h);
      await refused(client, "CSRF", () => client.update({ [client.field]: h.companies.ownOther }, { headers: headers(h) }));
    },
  };
}

async function tokenFor(client: Client, claims: Record<string, unknown>, secret: string | string[], maxAge?: number) {
  return encode({ token: claims, secret, salt: client.sessionCookieName, ...(maxAge === undefined ? {} : { maxAge }) });
}

function unreadableToken(id: string, label: string, mutate: (h: Harness, client: Client) => Promise<void>): Scenario {
  return {
    id: `tokens.${id}`,
    title: `treats ${label} as no session (GET null, update 401)`,
    async run(h) {
      const client = await withCompany(h);
      await mutate(h, client);
      const response = await client.clone().send(client.path("session"));
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.ok(body === null || Object.keys(body as object).length === 0, "no session is read");
      const csrfToken = await client.csrf();
      const update = await client.clone().update({ [client.field]: h.companies.ownOther }, { csrfToken });
      assert.equal(update.status, 401, "an update is UNAUTHENTICATED");
      assert.equal(((await update.json()) as { error: { code: string } }).error.code, "UNAUTHENTICATED");
    },
  };
}

const jwtOnly = (h: Harness) => (h.strategy === "database" ? "database sessions carry no token in the cookie" : undefined);
const rotationNeedsTwo = (h: Harness) => jwtOnly(h) ?? (h.secrets.length < 2 ? "the target runs with a single secret" : undefined);
const minting = (h: Harness) => (h.strategy === "database" && !h.createSession ? "the database target cannot create sessions for new users" : undefined);

export const scenarios: Scenario[] = [
  // ── the flow ────────────────────────────────────────────────────────────
  {
    id: "flow.select-and-reload",
    title: "signs in, selects an own company, and a reload keeps it",
    async run(h) {
      const client = await signedIn(h);
      const first = await client.session();
      assert.equal((first?.user as { email?: string })?.email, h.users.member.email);
      assert.equal((first?.user as { id?: string })?.id, h.users.member.id, "session.user.id is the user's id");
      assert.equal(first?.[client.field], undefined, "no company before one is selected");
      const before = client.sessionToken();
      const response = await client.update({ [client.field]: h.companies.own });
      assert.equal(response.status, 200);
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(body[client.field], h.companies.own, "the answer is the new session");
      if (h.strategy !== "database") {
        assert.ok(touchesSession(client, response), "the answer sets the new session cookie");
        assert.notEqual(client.sessionToken(), before);
      }
      assert.equal(await selected(client.clone()), h.companies.own, "a reload keeps it");
      if (h.strategy !== "database") assert.equal((await client.token())?.[client.field], h.companies.own, "the field is in the token");
    },
  },
  {
    id: "flow.switch-company",
    title: "switches from one own company to another",
    async run(h) {
      const client = await withCompany(h);
      const response = await client.update({ [client.field]: h.companies.ownOther });
      assert.equal(response.status, 200);
      assert.equal(await selected(client), h.companies.ownOther);
    },
  },
  {
    id: "flow.null-clears",
    title: "null clears the field, which is then absent from the session",
    async run(h) {
      const client = await withCompany(h);
      const response = await client.update({ [client.field]: null });
      assert.equal(response.status, 200);
      const session = await client.session();
      assert.ok(session && !(client.field in session), "the field is absent");
      assert.ok(!(client.field in ((await client.token()) ?? {})), "and gone from the token");
    },
  },
  {
    id: "flow.empty-data",
    title: "data {} is a no-op that answers 200",
    async run(h) {
      const client = await withCompany(h);
      const response = await client.update({});
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as Record<string, unknown>)[client.field], h.companies.own);
      assert.equal(await selected(client), h.companies.own);
    },
  },
  {
    id: "flow.no-session-read",
    title: "GET session without a cookie answers 200 null",
    async run(h) {
      const client = new Client(h);
      assert.equal(await client.session(), null);
    },
  },
  {
    id: "flow.sign-out",
    title: "sign out ends the session and a new sign-in starts without a company",
    async run(h) {
      const client = await withCompany(h);
      await client.signOut();
      assert.equal(await client.session(), null, "no session after sign out");
      await client.signIn(h.users.member);
      assert.equal(await selected(client), undefined, "a new session has no company");
    },
  },
  {
    id: "flow.users-are-separate",
    title: "another user's session does not see the member's company",
    async run(h) {
      await withCompany(h);
      const other = await signedIn(h, "other");
      const session = await other.session();
      assert.equal((session?.user as { email?: string })?.email, h.users.other.email);
      assert.equal(session?.[other.field], undefined);
    },
  },
  {
    id: "flow.name-update",
    title: "a user edits their name and session.user.name follows",
    requires: (h) => (h.nameField ? undefined : "the target declares no `name` update field"),
    async run(h) {
      const client = await signedIn(h);
      const response = await client.update({ name: "Alicia" });
      assert.equal(response.status, 200);
      assert.equal(((await client.session())?.user as { name?: string })?.name, "Alicia");
      if (h.strategy !== "database") assert.equal((await client.token())?.name, "Alicia");
      const blank = await signedIn(h);
      await refused(blank, "INVALID_VALUE", () => blank.update({ name: "   " }), "name");
    },
  },
  {
    id: "flow.csrf-endpoint",
    title: "GET csrf answers a token, stable while its cookie lives",
    async run(h) {
      const client = new Client(h);
      const first = await client.csrf();
      assert.match(first, /^[0-9a-f]{32,}$/);
      assert.equal(await client.csrf(), first);
    },
  },
  {
    id: "flow.several-fields-atomic",
    title: "a body mixing a valid and an unknown field applies nothing",
    async run(h) {
      const client = await withCompany(h);
      await refused(client, "UNKNOWN_FIELD", () => client.update({ [client.field]: h.companies.ownOther, role: "admin" }), "role");
      assert.equal(await selected(client), h.companies.own);
    },
  },

  // ── every row of the error table ────────────────────────────────────────
  {
    id: "errors.unauthenticated",
    title: "refuses an update without a session with UNAUTHENTICATED",
    async run(h) {
      const client = new Client(h);
      const response = await client.update({ [client.field]: h.companies.own });
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, "UNAUTHENTICATED");
      assert.ok(!touchesSession(client, response));
    },
  },
  {
    id: "csrf.missing",
    title: "refuses an update without csrfToken with CSRF",
    async run(h) {
      const client = await withCompany(h);
      await client.csrf();
      await refused(client, "CSRF", () => client.update({ [client.field]: h.companies.ownOther }, { csrfToken: null }));
    },
  },
  {
    id: "csrf.wrong",
    title: "refuses an update with a wrong csrfToken with CSRF",
    async run(h) {
      const client = await withCompany(h);
      await client.csrf();
      await refused(client, "CSRF", () => client.update({ [client.field]: h.companies.ownOther }, { csrfToken: "0".repeat(64) }));
    },
  },
  {
    id: "csrf.non-string",
    title: "refuses a csrfToken that is not a string with CSRF",
    async run(h) {
      const client = await withCompany(h);
      const token = await client.csrf();
      await refused(client, "CSRF", () =>
        client.send(client.path("session"), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: json({ csrfToken: [token], data: { [client.field]: h.companies.ownOther } }),
        }),
      );
    },
  },
  {
    id: "csrf.forged-hash",
    title: "refuses a CSRF cookie whose hash was forged without the secret",
    async run(h) {
      const client = await withCompany(h);
      const token = "a".repeat(64);
      const digest = Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token))).toString("hex");
      client.jar.set(client.csrfCookieName, encodeURIComponent(`${token}|${digest}`));
      await refused(client, "CSRF", () => client.update({ [client.field]: h.companies.ownOther }, { csrfToken: token }));
    },
  },
  {
    id: "csrf.other-secret",
    title: "refuses a CSRF cookie signed with another secret",
    async run(h) {
      const client = await withCompany(h);
      const token = "b".repeat(64);
      const digest = Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${token}another-secret`))).toString("hex");
      client.jar.set(client.csrfCookieName, encodeURIComponent(`${token}|${digest}`));
      await refused(client, "CSRF", () => client.update({ [client.field]: h.companies.ownOther }, { csrfToken: token }));
    },
  },
  {
    id: "csrf.no-cookie",
    title: "refuses a body token without its CSRF cookie",
    async run(h) {
      const client = await withCompany(h);
      const token = await client.csrf();
      client.jar.delete(client.csrfCookieName);
      await refused(client, "CSRF", () => client.update({ [client.field]: h.companies.ownOther }, { csrfToken: token }));
    },
  },
  {
    id: "csrf.other-users-token",
    title: "refuses another browser's CSRF token",
    async run(h) {
      const client = await withCompany(h);
      await client.csrf();
      const stranger = await new Client(h).csrf();
      await refused(client, "CSRF", () => client.update({ [client.field]: h.companies.ownOther }, { csrfToken: stranger }));
    },
  },
  crossSite("cross-origin", "a cross-site Origin", () => ({ origin: "https://evil.example" })),
  crossSite("null-origin", "Origin: null", () => ({ origin: "null" })),
  crossSite("sec-fetch-cross-site", "Sec-Fetch-Site: cross-site", () => ({ "sec-fetch-site": "cross-site" })),
  crossSite("sec-fetch-same-site", "Sec-Fetch-Site: same-site", () => ({ "sec-fetch-site": "same-site" })),
  crossSite("other-port", "an Origin on another port", (h) => ({ origin: h.origin.replace(/:(\d+)$/, (_, p) => `:${Number(p) + 1}`) })),
  {
    id: "origin.same-origin-passes",
    title: "accepts a same-origin browser update (Origin and Sec-Fetch-Site: same-origin)",
    async run(h) {
      const client = await withCompany(h);
      const response = await client.update({ [client.field]: h.companies.ownOther }, { headers: { origin: h.origin, "sec-fetch-site": "same-origin" } });
      assert.equal(response.status, 200);
      assert.equal(await selected(client), h.companies.ownOther);
    },
  },

  // ── mass assignment ─────────────────────────────────────────────────────
  massAssignment("sub", "sub", "bob"),
  massAssignment("email", "email", "bob@example.com"),
  massAssignment("role", "role", "admin"),
  massAssignment("exp", "exp", 9999999999),
  massAssignment("jti", "jti", "replayed"),
  massAssignment("nested", "user", { id: "bob", email: "bob@example.com" }),
  massAssignment("dotted", "user.id", "bob"),
  massAssignment("proto", "__proto__", { polluted: true, sub: "bob" }),
  massAssignment("constructor", "constructor", { prototype: { polluted: true } }),
  massAssignment("prototype", "prototype", { polluted: true }),
  massAssignment("internal-claim", "ssv", { selectedCompanyId: 9999999999 }),

  // ── type confusion ──────────────────────────────────────────────────────
  invalidValue("number", "a number", 42),
  invalidValue("boolean", "a boolean", true),
  invalidValue("array", "an array", ["acme"]),
  invalidValue("operator-object", "an operator object", { $ne: "" }),
  invalidValue("empty", "an empty string", ""),
  invalidValue("too-long", "a 65-character string", "a".repeat(65)),
  invalidValue("huge", "a 7 000-character string", "x".repeat(7000)),
  {
    id: "type-confusion.no-echo",
    title: "never echoes a rejected value in the error",
    async run(h) {
      const client = await withCompany(h);
      const secret = `sk_live_${"9".repeat(80)}`;
      const response = await client.update({ [client.field]: secret });
      assert.equal(response.status, 400);
      assert.ok(!(await response.text()).includes("sk_live_"), "the value is not echoed");
    },
  },
  forbiddenValue("control-characters", "control characters around an own company", (h) => `\u0000${h.companies.own}\u0007`),
  forbiddenValue("lone-surrogate", "a lone surrogate", () => "\ud800"),

  // ── authorization ───────────────────────────────────────────────────────
  forbiddenValue("non-member", "another user's company", (h) => h.companies.othersCompany),
  forbiddenValue("unknown-company", "an unknown company", (h) => h.companies.unknown),
  forbiddenValue("case-variant", "a case variant of an own company", (h) => h.companies.own.toUpperCase()),
  {
    id: "authorization.other-user",
    title: "refuses the member's company to the other user with FORBIDDEN",
    async run(h) {
      const other = await signedIn(h, "other");
      await refused(other, "FORBIDDEN", () => other.update({ [other.field]: h.companies.own }), other.field);
    },
  },
  {
    id: "authorization.throws",
    title: "an authorize that throws answers FORBIDDEN, never 5xx",
    requires: (h) => (h.throwingCompany ? undefined : "the target's authorize has no input that makes it throw"),
    async run(h) {
      const client = await withCompany(h);
      await refused(client, "FORBIDDEN", () => client.update({ [client.field]: h.throwingCompany as string }), client.field);
    },
  },
  {
    id: "authorization.revoked-revalidation",
    title: "a revoked membership disappears on the next read when revalidation is due",
    requires: (h) =>
      !h.revokeMembership || !h.grantMembership
        ? "the target cannot revoke memberships from the test"
        : (h.revalidateSeconds ?? 300) > 0
          ? "the target revalidates later than the test can wait"
          : undefined,
    async run(h) {
      const client = await withCompany(h);
      assert.equal(await selected(client), h.companies.own);
      await h.revokeMembership?.(h.users.member.id, h.companies.own);
      try {
        const session = await client.session();
        assert.ok(session, "still signed in");
        assert.equal(session[client.field], undefined, "the revoked company is dropped");
        assert.equal((await client.token())?.[client.field], undefined, "and the refreshed cookie no longer carries it");
        await refused(client, "FORBIDDEN", () => client.update({ [client.field]: h.companies.own }), client.field);
      } finally {
        await h.grantMembership?.(h.users.member.id, h.companies.own);
      }
    },
  },

  // ── tokens ──────────────────────────────────────────────────────────────
  unreadableToken("tampered", "a tampered cookie", async (_h, client) => {
    const token = client.sessionToken() as string;
    const i = Math.floor(token.length / 2);
    client.jar.set(client.sessionCookieName, `${token.slice(0, i)}${token[i] === "A" ? "B" : "A"}${token.slice(i + 1)}`);
  }),
  unreadableToken("expired", "an expired token", async (h, client) => {
    client.jar.set(client.sessionCookieName, await tokenFor(client, { sub: h.users.member.id, email: h.users.member.email }, h.secrets, -120));
  }),
  unreadableToken("wrong-secret", "a token from another secret", async (h, client) => {
    client.jar.set(client.sessionCookieName, await tokenFor(client, { sub: h.users.member.id, email: h.users.member.email }, "not-the-secret"));
  }),
  unreadableToken("missing-chunk", "a chunked token with a chunk missing", async (_h, client) => {
    const token = client.sessionToken() as string;
    client.jar.delete(client.sessionCookieName);
    client.jar.set(`${client.sessionCookieName}.0`, token.slice(0, 100));
    client.jar.set(`${client.sessionCookieName}.2`, token.slice(200));
  }),
  unreadableToken("extra-chunk", "a chunked token with an extra chunk", async (_h, client) => {
    const token = client.sessionToken() as string;
    client.jar.delete(client.sessionCookieName);
    client.jar.set(`${client.sessionCookieName}.0`, token.slice(0, 100));
    client.jar.set(`${client.sessionCookieName}.1`, token.slice(100));
    client.jar.set(`${client.sessionCookieName}.2`, "garbage");
  }),
  unreadableToken("garbage", "a garbage cookie", async (_h, client) => {
    client.jar.set(client.sessionCookieName, "%%%not-a-token%%%");
  }),
  {
    id: "tokens.chunked",
    requires: jwtOnly,
    title: "reads a session split across cookie chunks",
    async run(h) {
      const client = await withCompany(h);
      const token = client.sessionToken() as string;
      client.jar.delete(client.sessionCookieName);
      client.jar.set(`${client.sessionCookieName}.0`, token.slice(0, 120));
      client.jar.set(`${client.sessionCookieName}.1`, token.slice(120));
      assert.equal(await selected(client), h.companies.own);
    },
  },
  {
    id: "interop.stock-decodes-ours",
    requires: jwtOnly,
    title: "stock @auth/core decode reads the tokens it writes",
    async run(h) {
      const client = await withCompany(h);
      const token = await client.token();
      assert.equal(token?.sub, h.users.member.id);
      assert.equal(token?.[client.field], h.companies.own);
    },
  },
  {
    id: "interop.reads-stock-token",
    requires: jwtOnly,
    title: "reads and updates a token made by stock @auth/core encode",
    async run(h) {
      const client = new Client(h);
      const { member } = h.users;
      client.jar.set(client.sessionCookieName, await tokenFor(client, { sub: member.id, email: member.email, name: "Alice" }, h.secrets));
      const session = await client.session();
      assert.equal((session?.user as { email?: string })?.email, member.email);
      const response = await client.update({ [client.field]: h.companies.own });
      assert.equal(response.status, 200);
      assert.equal(await selected(client), h.companies.own);
    },
  },
  {
    id: "rotation.old-secret-reads",
    title: "reads a token made with the previous secret and re-issues it with the current one",
    requires: rotationNeedsTwo,
    async run(h) {
      const client = new Client(h);
      const { member } = h.users;
      client.jar.set(client.sessionCookieName, await tokenFor(client, { sub: member.id, email: member.email }, h.secrets[1] as string));
      assert.equal(((await client.session())?.user as { email?: string })?.email, member.email);
      const response = await client.update({ [client.field]: h.companies.own });
      assert.equal(response.status, 200);
      const { decode } = await import("@auth/core/jwt");
      const fresh = await decode({ token: client.sessionToken() as string, secret: h.secrets[0] as string, salt: client.sessionCookieName });
      assert.equal(fresh?.[client.field], h.companies.own, "the new token is sealed with the current secret");
    },
  },

  // ── HTTP hygiene ────────────────────────────────────────────────────────
  method("PUT"),
  method("DELETE"),
  method("PATCH"),
  mediaType("text-plain", "text/plain"),
  mediaType("form", "application/x-www-form-urlencoded"),
  mediaType("none", null),
  mediaType("json-lookalike", "application/jsonp"),
  mediaType("json-suffix", "application/json-patch+json"),
  mediaType("other-charset", "application/json; charset=utf-16"),
  {
    id: "media-type.parameters",
    title: "accepts application/json with a UTF-8 charset parameter",
    async run(h) {
      const client = await withCompany(h);
      const csrfToken = await client.csrf();
      const response = await client.send(client.path("session"), {
        method: "POST",
        headers: { "content-type": "Application/JSON; charset=UTF-8" },
        body: json({ csrfToken, data: { [client.field]: h.companies.ownOther } }),
      });
      assert.equal(response.status, 200);
    },
  },
  {
    id: "size.too-large",
    title: "refuses a body over the limit with PAYLOAD_TOO_LARGE",
    async run(h) {
      const client = await withCompany(h);
      const csrfToken = await client.csrf();
      const limit = h.maxBodyBytes ?? 8192;
      await refused(client, "PAYLOAD_TOO_LARGE", () =>
        client.send(client.path("session"), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: json({ csrfToken, data: { [client.field]: "y".repeat(limit) } }),
        }),
      );
    },
  },
  {
    id: "size.at-limit",
    title: "reads a body just under the limit (and judges its value)",
    async run(h) {
      const client = await withCompany(h);
      const csrfToken = await client.csrf();
      const limit = h.maxBodyBytes ?? 8192;
      const envelope = json({ csrfToken, data: { [client.field]: "" } }).length;
      await refused(client, "INVALID_VALUE", () =>
        client.send(client.path("session"), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: json({ csrfToken, data: { [client.field]: "z".repeat(limit - envelope) } }),
        }),
      );
    },
  },
  badBody("invalid-json", "a body that is not JSON", "{not json"),
  badBody("array", "a JSON array", "[1,2]"),
  badBody("null", "JSON null", "null"),
  badBody("data-missing", "a body without data", json({ csrfToken: "x" })),
  badBody("data-array", "data as an array", json({ csrfToken: "x", data: ["acme"] })),
  badBody("data-string", "data as a string (the form-encoded trap)", json({ csrfToken: "x", data: "selectedCompanyId=acme" })),

  // ── the legacy GET recipe ───────────────────────────────────────────────
  {
    id: "legacy.off-ignores-query",
    title: "with legacyQueryUpdates off, query parameters on GET session are ignored",
    requires: (h) => (h.legacyQueryKey ? "the target turns legacyQueryUpdates on" : undefined),
    async run(h) {
      const client = await withCompany(h);
      for (const key of [client.field, "companyId"]) {
        const response = await client.send(`${client.path("session")}?${key}=${h.companies.ownOther}`, { headers: { "sec-fetch-site": "same-origin" } });
        assert.equal(response.status, 200);
        await response.body?.cancel();
      }
      assert.equal(await selected(client), h.companies.own);
    },
  },
  {
    id: "legacy.same-origin",
    title: "the legacy GET ?field= updates a same-origin request through the same rules",
    requires: (h) => (h.legacyQueryKey ? undefined : "the target keeps legacyQueryUpdates off"),
    async run(h) {
      const client = await withCompany(h);
      const url = `${client.path("session")}?${h.legacyQueryKey}=${h.companies.ownOther}`;
      const response = await client.send(url, { headers: { "sec-fetch-site": "same-origin" } });
      assert.equal(response.status, 200);
      assert.equal(await selected(client), h.companies.ownOther);
      await refused(client, "FORBIDDEN", () =>
        client.send(`${client.path("session")}?${h.legacyQueryKey}=${h.companies.othersCompany}`, { headers: { referer: `${h.origin}/dashboard` } }),
      );
    },
  },
  {
    id: "legacy.cross-site",
    title: "the legacy GET answers CSRF to a cross-site or signal-less request",
    requires: (h) => (h.legacyQueryKey ? undefined : "the target keeps legacyQueryUpdates off"),
    async run(h) {
      const client = await withCompany(h);
      const url = `${client.path("session")}?${h.legacyQueryKey}=${h.companies.ownOther}`;
      await refused(client, "CSRF", () => client.send(url, { headers: { "sec-fetch-site": "cross-site", referer: `${h.origin}/` } }));
      await refused(client, "CSRF", () => client.send(url));
      await refused(client, "CSRF", () => client.send(url, { headers: { referer: "https://evil.example/" } }));
    },
  },

  // ── consistency ─────────────────────────────────────────────────────────
  {
    id: "consistency.stale-token-heals",
    requires: jwtOnly,
    title: "a stale cookie (a slower answer's Set-Cookie) reads as the newest update and is rewritten",
    async run(h) {
      const client = await withCompany(h);
      const stale = client.sessionToken() as string;
      const response = await client.update({ [client.field]: h.companies.ownOther });
      assert.equal(response.status, 200);
      client.jar.set(client.sessionCookieName, stale);
      const healed = await client.send(client.path("session"));
      assert.equal(((await healed.json()) as Record<string, unknown>)[client.field], h.companies.ownOther);
      assert.ok(touchesSession(client, healed), "the answer rewrites the stale cookie");
      assert.equal((await client.token())?.[client.field], h.companies.ownOther);
    },
  },
  {
    id: "consistency.racing-updates",
    requires: jwtOnly,
    title: "two updates racing from one cookie: each is applied or answered 409 CONFLICT, and the newest wins",
    async run(h) {
      const client = await withCompany(h);
      const csrfToken = await client.csrf();
      const tabs = [client.clone(), client.clone()];
      const values = [h.companies.ownOther, null];
      const responses = await Promise.all(tabs.map((tab, i) => tab.update({ [tab.field]: values[i] }, { csrfToken })));
      const accepted: { rev: number; value: unknown }[] = [];
      for (const [i, response] of responses.entries()) {
        const text = await response.text();
        assert.ok(response.status === 200 || response.status === 409, `got ${response.status} ${text.slice(0, 120)}`);
        if (response.status === 409) {
          assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, "CONFLICT");
          assert.ok(!touchesSession(tabs[i] as Client, response), "a conflict writes no cookie");
        } else {
          const token = await (tabs[i] as Client).token();
          accepted.push({ rev: Number(token?.rev ?? 0), value: token?.[client.field] });
        }
      }
      assert.ok(accepted.length >= 1, "at least one update is applied");
      const newest = accepted.sort((a, b) => b.rev - a.rev)[0];
      assert.equal(await selected(client), newest?.value ?? undefined, "a read of the older cookie shows the newest update");
    },
  },
  {
    id: "revocation.sign-out-everywhere",
    title: "after sign-out everywhere the user's cookies read as no session, and a new sign-in works",
    requires: (h) => (h.revokeUser ? undefined : "the target exposes no way to revoke a user from the test"),
    timeoutMs: 60_000,
    async run(h) {
      const phone = await withCompany(h);
      const laptop = await signedIn(h);
      await h.revokeUser?.(h.users.member.id);
      assert.equal(await phone.clone().session(), null);
      assert.equal(await laptop.clone().session(), null);
      const update = await laptop.update({ [laptop.field]: h.companies.own });
      assert.equal(update.status, 401);
      await update.body?.cancel();
      // Revocation covers tokens issued up to its second; a sign-in in a later second is new.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const fresh = await signedIn(h);
      assert.ok(await fresh.session(), "a new sign-in is not revoked");
    },
  },

  // ── no input is a 5xx ───────────────────────────────────────────────────
  {
    id: "robustness.property",
    requires: minting,
    title: "random bodies and headers: no 5xx, no session change on rejection, Object.prototype untouched",
    timeoutMs: 300_000,
    async run(h) {
      // A new synthetic user every 100 cases: the fuzz never spends a real user's rate limit.
      const client = new Client(h);
      await client.mint();
      const csrfToken = await client.csrf();
      const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
      const field = client.field;
      const value = fc.oneof(
        fc.string(),
        fc.constantFrom(h.companies.own, h.companies.ownOther, h.companies.othersCompany, null),
        fc.integer(),
        fc.array(fc.string(), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
      );
      const key = fc.oneof(fc.constantFrom(field, "sub", "email", "__proto__", "constructor", "role", "user.id", ""), fc.string({ maxLength: 12 }));
      const body = fc.oneof(
        fc.record({ csrfToken: fc.constantFrom(csrfToken, "nope", ""), data: fc.dictionary(key, value, { maxKeys: 3 }) }),
        fc.json(),
        fc.string({ maxLength: 200 }),
      );
      const headers = fc.record(
        {
          "content-type": fc.constantFrom("application/json", "text/plain", "application/json; charset=utf-8", "application/x-www-form-urlencoded", ""),
          origin: fc.constantFrom(h.origin, "null", "https://evil.example"),
          "sec-fetch-site": fc.constantFrom("same-origin", "cross-site", "same-site", "none"),
        },
        { requiredKeys: [] },
      );
      const verb = fc.constantFrom("POST", "POST", "POST", "PUT", "GET");
      let cases = 0;
      await fc.assert(
        fc.asyncProperty(body, headers, verb, async (payload, hdrs, m) => {
          if (++cases % 100 === 0) await client.mint();
          const jar = client.clone();
          const tokenBefore = jar.sessionToken();
          const text = typeof payload === "string" ? payload : JSON.stringify(payload);
          const response = await jar.send(jar.path("session"), {
            method: m,
            headers: Object.fromEntries(Object.entries(hdrs).filter(([, v]) => v !== "")),
            ...(m === "GET" ? {} : { body: text }),
          });
          const out = await response.text();
          if (response.status >= 500) throw new Error(`5xx ${response.status} for ${m} ${text.slice(0, 120)}: ${out.slice(0, 120)}`);
          if (response.status !== 200 && (touchesSession(jar, response) || jar.sessionToken() !== tokenBefore)) throw new Error(`a ${response.status} rewrote the session`);
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? h.fuzzRuns ?? 2000), ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) },
      );
      assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), protoKeys, "Object.prototype untouched");
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.ok(cases > 0);
      if (process.env.FUZZ_RUNS) console.log(`fuzz: ${cases} random requests, 0 5xx, 0 session changes on rejection, Object.prototype untouched`);
    },
  },
  {
    id: "robustness.garbage-cookies",
    title: "garbage and oversized cookie headers never cause a 5xx",
    async run(h) {
      const client = new Client(h);
      for (const cookie of ["%", "=;=;", `${client.sessionCookieName}=${"A".repeat(3000)}`, `${client.sessionCookieName}.0=x; ${client.sessionCookieName}.01=y`, "a=\"unterminated"]) {
        const response = await client.send(client.path("session"), { headers: { cookie } });
        assert.ok(response.status < 500, `GET with cookie ${cookie.slice(0, 40)} answered ${response.status}`);
        await response.body?.cancel();
      }
    },
  },

  // ── rate limit (last: it spends the other user's window) ────────────────
  {
    id: "rate-limit.updates",
    title: "refuses update attempts past the limit with RATE_LIMITED and Retry-After; reads stay open",
    requires: (h) => minting(h) ?? (h.rateLimitMax === false ? "the target turns the rate limit off" : undefined),
    timeoutMs: 120_000,
    async run(h) {
      // A user of its own, so the count starts at zero whatever other scenarios spent.
      const client = new Client(h);
      await client.mint();
      const max = h.rateLimitMax === undefined ? 120 : (h.rateLimitMax as number);
      const csrfToken = await client.csrf();
      for (let attempt = 1; attempt <= max; attempt++) {
        // Refusals count too: every authenticated attempt is one.
        const response = await client.update(attempt % 2 ? { [client.field]: h.companies.own } : {}, { csrfToken });
        await response.body?.cancel();
        assert.notEqual(response.status, 429, `attempt ${attempt} of ${max} is within the limit`);
      }
      let retryAfter: string | null = null;
      await refused(client, "RATE_LIMITED", async () => {
        const response = await client.update({ [client.field]: h.companies.othersCompany }, { csrfToken });
        retryAfter = response.headers.get("retry-after");
        return response;
      });
      assert.ok(retryAfter && Number(retryAfter) > 0, "Retry-After names the seconds to wait");
      assert.ok(await client.session(), "reads are never limited");
    },
  },
];

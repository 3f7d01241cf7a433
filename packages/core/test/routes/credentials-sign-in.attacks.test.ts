import Credentials from "@auth/core/providers/credentials";
import { describe, expect, test } from "vitest";
import { createSafeSession, forwardedClientAddress } from "../../src/index.js";
import { ORIGIN, testConfig, testUpdates } from "../support/fixture.js";
import { csrfPair } from "../support/signed-in.js";

// The failed sign-in limit as an attacker meets it: many posts at once, bodies the limit might
// read otherwise than Auth.js, addresses the client writes itself. What counts is how many
// attempts reach the provider's `authorize`.

const ALICE = { email: "alice@example.com", password: "alice-password" };

function app(options: { proxy?: boolean } = {}) {
  let calls = 0;
  const base = testConfig();
  const config = {
    ...base,
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        authorize: ({ email, password }) => {
          calls++;
          return email === ALICE.email && password === ALICE.password
            ? { id: "alice", email: ALICE.email, name: "Alice" }
            : null;
        },
      }),
    ],
  };
  const safe = createSafeSession({
    config,
    updates: testUpdates(),
    ...(options.proxy ? { clientAddress: forwardedClientAddress() } : {}),
  });
  return { safe, calls: () => calls };
}

type Body = { type: string; body: string | Uint8Array<ArrayBuffer> };
const form = (fields: Record<string, string>): Body => ({
  type: "application/x-www-form-urlencoded",
  body: new URLSearchParams(fields).toString(),
});
const json = (fields: Record<string, string>, type = "application/json"): Body => ({
  type,
  body: JSON.stringify(fields),
});

async function post(
  safe: ReturnType<typeof app>["safe"],
  make: (csrfToken: string) => Body,
  headers: Record<string, string> = {},
) {
  // Each attempt with a CSRF pair of its own, as an attacker scripting many sessions would.
  const csrf = csrfPair(crypto.randomUUID().replaceAll("-", ""));
  const { type, body } = make(csrf.token);
  const response = await safe.handler(
    new Request(`${ORIGIN}/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": type, origin: ORIGIN, cookie: csrf.cookie, "x-auth-return-redirect": "1", ...headers },
      body,
    }),
  );
  const text = await response.text();
  return {
    status: response.status,
    text,
    signedIn: response.headers.getSetCookie().some((line) => line.startsWith("authjs.session-token=")),
    failed: text.includes("error=CredentialsSignin"),
  };
}

const wrong = (csrfToken: string) => form({ csrfToken, email: ALICE.email, password: crypto.randomUUID() });
const right = (csrfToken: string) => form({ csrfToken, ...ALICE });

describe("a concurrent burst", () => {
  test.each([40, 200])(
    "%i wrong passwords at once for one account: 10 reach the provider, the rest are RATE_LIMITED",
    async (n) => {
      const { safe, calls } = app();
      const answers = await Promise.all(Array.from({ length: n }, () => post(safe, wrong)));
      expect(calls()).toBe(10);
      expect(answers.filter((a) => a.failed)).toHaveLength(10);
      expect(answers.filter((a) => a.status === 429 && a.text.includes("RATE_LIMITED"))).toHaveLength(n - 10);
      const after = await post(safe, right);
      expect(after).toMatchObject({ status: 429, signedIn: false });
      expect(calls()).toBe(10);
    },
  );

  test("the right password inside a burst signs in only when it is among the first 10 counted", async () => {
    const { safe, calls } = app();
    const answers = await Promise.all(Array.from({ length: 150 }, (_, i) => post(safe, i === 99 ? right : wrong)));
    expect(calls()).toBeLessThanOrEqual(10);
    // The right one either reached the provider (and signed in) or was refused with the others.
    const rightAnswer = answers[99];
    expect(rightAnswer?.signedIn || rightAnswer?.status === 429).toBe(true);
  });

  test("sign-ins that succeed are given back: the owner signs in as often as they like", async () => {
    const { safe } = app();
    // One after another: attempts in flight at once are all counted until they answer.
    for (let i = 0; i < 30; i++) expect(await post(safe, right)).toMatchObject({ signedIn: true });
    for (let i = 0; i < 9; i++) expect(await post(safe, wrong)).toMatchObject({ failed: true });
    expect(await post(safe, right)).toMatchObject({ signedIn: true });
  });
});

describe("bodies read as Auth() reads them, or refused", () => {
  test.each([
    [
      "application/json; charset=latin1",
      (t: string) =>
        json({ csrfToken: t, email: ALICE.email, password: crypto.randomUUID() }, "application/json; charset=latin1"),
    ],
    [
      "application/jsonx",
      (t: string) => json({ csrfToken: t, email: ALICE.email, password: crypto.randomUUID() }, "application/jsonx"),
    ],
    [
      "a form with a charset",
      (t: string) => ({ ...wrong(t), type: "application/x-www-form-urlencoded; charset=latin1" }),
    ],
  ])("%s: counted like any other attempt", async (_, body) => {
    const { safe, calls } = app();
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(safe, body)));
    expect(calls()).toBe(10);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(2);
    expect(await post(safe, (t) => json({ csrfToken: t, ...ALICE }, "application/json; charset=latin1"))).toMatchObject(
      { status: 429, signedIn: false },
    );
  });

  test.each([
    [
      "a form padded past 64 KiB",
      (t: string) => form({ csrfToken: t, email: ALICE.email, password: "x", pad: "p".repeat(70_000) }),
      413,
      "PAYLOAD_TOO_LARGE",
      "The request body is larger than 65536 bytes",
    ],
    [
      "text/plain",
      (t: string) => ({ ...wrong(t), type: "text/plain" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the sign-in as a form or as JSON",
    ],
    [
      "multipart",
      (t: string) => ({ ...wrong(t), type: "multipart/form-data; boundary=x" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the sign-in as a form or as JSON",
    ],
    [
      "Application/JSON (Auth.js reads no body from it)",
      (t: string) => json({ csrfToken: t, ...ALICE }, "Application/JSON"),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the sign-in as a form or as JSON",
    ],
    [
      "JSON that does not parse",
      () => ({ type: "application/json", body: "{" }),
      400,
      "BAD_REQUEST",
      "The sign-in body is not valid JSON",
    ],
    [
      "a JSON array",
      () => ({ type: "application/json", body: "[]" }),
      400,
      "BAD_REQUEST",
      "The sign-in body must be a JSON object",
    ],
    [
      "a body that is not UTF-8",
      () => ({ type: "application/x-www-form-urlencoded", body: new Uint8Array([0x65, 0x3d, 0xff]) }),
      400,
      "BAD_REQUEST",
      "The request body is not valid UTF-8",
    ],
  ])(
    "%s: refused before any provider runs, with a code and a message that says why",
    async (_, body, status, code, message) => {
      const { safe, calls } = app();
      for (let i = 0; i < 12; i++) {
        const answer = await post(safe, body);
        expect(answer.status).toBe(status);
        expect(answer.text).toContain(code);
        expect(answer.text).toContain(message);
      }
      expect(calls()).toBe(0);
    },
  );
});

describe("the address is the connection's unless the app names its proxy", () => {
  const forged = (i: number) => ({
    "x-forwarded-for": `198.51.100.${i % 250}, 10.0.${i >> 8}.${i & 255}`,
    "x-real-ip": `203.0.113.${i % 250}`,
  });
  const someone = (i: number) => (t: string) => form({ csrfToken: t, email: `user${i}@example.com`, password: "x" });

  test("without a named proxy, forged X-Forwarded-For and X-Real-IP make no account a new one", async () => {
    const { safe, calls } = app();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => post(safe, wrong, forged(i))));
    expect(calls()).toBe(10);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(30);
  });

  test("with a named proxy, 110 accounts from one address hit the per-address limit at 100", async () => {
    const { safe, calls } = app({ proxy: true });
    const answers = [];
    for (let i = 0; i < 110; i++) answers.push(await post(safe, someone(i), { "x-forwarded-for": "203.0.113.9" }));
    expect(calls()).toBe(100);
    expect(answers.slice(100).every((a) => a.status === 429)).toBe(true);
  });
});

/**
 * The failed sign-in limit, as an attacker meets it: concurrent guesses, bodies in every shape
 * Auth.js reads, forged proxy headers. These spend sign-in budget (made-up accounts, the spare
 * account, the suite's own address), so they run last.
 *
 * Over HTTP the provider's `authorize` calls cannot be seen, so an answer stands for them: Auth.js
 * answers `error=CredentialsSignin` only after `authorize` returned no user ("wrong password"),
 * and the contract answers `429`/`error=RateLimited` only before it runs. "At most `max` reached the
 * provider" is therefore "at most `max` answers were wrong passwords, nobody was signed in, and every
 * other answer was a refusal". A target that gives `authorizeCalls` is also held to its count.
 */
import { strict as assert } from "node:assert";
import { Client } from "../client.js";
import type { Harness } from "../harness.js";
import { type Scenario, shape } from "./support.js";

type Verdict = "wrong-password" | "rate-limited" | "refused-body" | "signed-in" | "other";
type Tally = Record<Verdict, number> & { others: string[] };

/** How a sign-in post is sent; every shape is one Auth.js reads as a sign-in. */
export type BodyShape = "form" | "padded-form" | "json-latin1" | "jsonx";
const SHAPES: Record<BodyShape, string> = {
  form: "a form",
  "padded-form": "a form padded to 70 KB before its fields",
  "json-latin1": "JSON as application/json; charset=latin1",
  jsonx: "JSON as application/jsonx",
};

const signInMax = (h: Harness) => (typeof h.signInRateLimit === "number" ? h.signInRateLimit : 10);
const madeUp = (tag: string) => `${tag}-${crypto.randomUUID()}@example.com`;
const unlimited = (h: Harness) =>
  h.signInRateLimit === false || h.signIn === "token" ? "the target does not limit Credentials sign-ins" : undefined;

function encodeBody(fields: Record<string, string>, as: BodyShape): { type: string; body: string } {
  if (as === "form") return { type: "application/x-www-form-urlencoded", body: new URLSearchParams(fields).toString() };
  // The padding comes first, so a limiter that reads only the start of a body never sees the account.
  if (as === "padded-form")
    return {
      type: "application/x-www-form-urlencoded",
      body: new URLSearchParams({ pad: "x".repeat(70 * 1024), ...fields }).toString(),
    };
  return {
    type: as === "jsonx" ? "application/jsonx" : "application/json; charset=latin1",
    body: JSON.stringify(fields),
  };
}

/**
 * Where an attempt is posted: Auth.js's own endpoint (`{basePath}/callback/credentials`), or the
 * app's own sign-in form (`Harness.signInForm`, a page action that calls the binding's `signIn`).
 */
export type SignInRoute = "auth" | "form";

/**
 * One sign-in attempt from a browser of its own (its own CSRF pair and cookie jar, as separate
 * attackers have), and what its answer says happened. `via: "form"` posts the app's own form as a
 * browser does (a form, same origin); `as` and `api` shape posts to Auth.js's endpoint only.
 */
export async function attempt(
  h: Harness,
  email: string,
  password: string,
  options: { as?: BodyShape; api?: boolean; headers?: Record<string, string>; via?: SignInRoute } = {},
): Promise<{ verdict: Verdict; detail: string; response: Response; text: string }> {
  const client = new Client(h);
  const response =
    options.via === "form"
      ? await postForm(h, client, email, password, options.headers)
      : await postAuth(h, client, email, password, options);
  const text = await response.text();
  // Remix answers a `<Form>`'s data request (`?_data=`) with 204 and the redirect in `X-Remix-Redirect`.
  let target = response.headers.get("location") ?? response.headers.get("x-remix-redirect") ?? "";
  if (!target && response.headers.get("content-type")?.includes("json")) {
    try {
      target = String((JSON.parse(text) as { url?: unknown } | null)?.url ?? "");
    } catch {}
  }
  const error = target ? new URL(target, h.origin).searchParams.get("error") : null;
  const where = options.via === "form" ? `the app's form: ` : "";
  const detail = `${where}${response.status}${target ? ` → ${target}` : ` ${text.slice(0, 60)}`}`;
  const verdict: Verdict = client.sessionToken()
    ? "signed-in"
    : response.status === 429 || error === "RateLimited"
      ? "rate-limited"
      : response.status === 413 || response.status === 415
        ? "refused-body"
        : error === "CredentialsSignin"
          ? "wrong-password"
          : "other";
  return { verdict, detail, response, text };
}

async function postAuth(
  h: Harness,
  client: Client,
  email: string,
  password: string,
  options: { as?: BodyShape; api?: boolean; headers?: Record<string, string> },
): Promise<Response> {
  const csrfToken = await client.csrf();
  const { type, body } = encodeBody({ csrfToken, email, password }, options.as ?? "form");
  return client.send(`${h.basePath}/callback/credentials`, {
    method: "POST",
    headers: {
      "content-type": type,
      origin: h.origin,
      ...(options.api ? { "x-auth-return-redirect": "1" } : {}),
      ...options.headers,
    },
    body,
  });
}

/** The app's own form, posted as a browser without JavaScript does; no Auth.js CSRF token (the action has none). */
async function postForm(
  h: Harness,
  client: Client,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const form = h.signInForm;
  if (!form) throw new Error("the target names no sign-in form of its own (`signInForm`)");
  return client.send(form.path, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/html",
      origin: h.origin,
      ...form.headers,
      ...headers,
    },
    body: new URLSearchParams({ ...form.fields, email, password }),
  });
}

function tally(answers: { verdict: Verdict; detail: string }[]): Tally {
  const counts: Tally = {
    "wrong-password": 0,
    "rate-limited": 0,
    "refused-body": 0,
    "signed-in": 0,
    other: 0,
    others: [],
  };
  for (const { verdict, detail } of answers) {
    counts[verdict]++;
    if (verdict === "other" && counts.others.length < 3) counts.others.push(detail);
  }
  return counts;
}

const describe = (t: Tally) =>
  `${t["wrong-password"]} wrong password, ${t["rate-limited"]} rate-limited, ${t["refused-body"]} refused body, ${t["signed-in"]} signed in, ${t.other} other${t.others.length ? ` (${t.others.join("; ")})` : ""}`;

/** The limit held: nobody got in, at most `max` reached the provider, and the rest were refusals. */
function assertLimited(t: Tally, max: number, what: string): void {
  assert.equal(t["signed-in"], 0, `${what}: nobody is signed in (${describe(t)})`);
  assert.ok(t["wrong-password"] <= max, `${what}: at most ${max} reach the provider, got ${describe(t)}`);
  shape(t.other === 0, `${what}: every answer is a wrong password or a refusal (${describe(t)})`);
}

/** `n` attempts at once on `email`, half as the stock client (`X-Auth-Return-Redirect`), half as a browser form. */
const burst = (h: Harness, email: string, n: number) =>
  Promise.all(Array.from({ length: n }, (_, i) => attempt(h, email, `wrong-password-${i}`, { api: i % 2 === 0 })));

/** Authorize calls during `run`, when the target counts them. */
async function counted<T>(h: Harness, run: () => Promise<T>): Promise<{ result: T; calls: number | undefined }> {
  const before = h.authorizeCalls?.();
  const result = await run();
  const after = h.authorizeCalls?.();
  return { result, calls: before === undefined || after === undefined ? undefined : after - before };
}

export const signInLimits: Scenario[] = [
  {
    id: "security.sign-in-throttle",
    title:
      "failed sign-ins are limited per account, posted at once: past the limit, 429 RATE_LIMITED with Retry-After, existing account or not",
    requires: unlimited,
    spendsSignIns: true,
    timeoutMs: 60_000,
    async run(h) {
      const max = signInMax(h);
      // An account nobody has: the answer must not depend on whether it exists.
      const email = madeUp("throttle");
      const t = tally(await burst(h, email, max + 2));
      assertLimited(t, max, `${max + 2} concurrent wrong passwords`);
      shape(t["wrong-password"] >= 1, `the limit does not refuse an account's first attempt (${describe(t)})`);
      const api = await attempt(h, email, "wrong-password", { api: true });
      assert.notEqual(api.verdict, "wrong-password", `past the limit the provider is not asked (got ${api.detail})`);
      shape(api.response.status === 429, `past the limit: 429 (got ${api.detail})`);
      const retryAfter = Number(api.response.headers.get("retry-after"));
      shape(
        Number.isInteger(retryAfter) && retryAfter > 0,
        `Retry-After is a positive number of seconds (got ${api.response.headers.get("retry-after")})`,
      );
      const body = JSON.parse(api.text) as { error?: { code?: string }; url?: string };
      shape(body.error?.code === "RATE_LIMITED", `error code RATE_LIMITED (got ${api.text.slice(0, 120)})`);
      shape(/error=RateLimited/.test(body.url ?? ""), "the stock client reads the error from `url`");
      const browser = await attempt(h, email, "wrong-password");
      assert.notEqual(
        browser.verdict,
        "wrong-password",
        `a browser's post past the limit is not a guess either (got ${browser.detail})`,
      );
      shape(
        browser.response.status >= 300 && browser.response.status < 400,
        `a browser's form post goes back to the sign-in page (got ${browser.detail})`,
      );
      shape(
        /error=RateLimited/.test(browser.response.headers.get("location") ?? ""),
        "with an error the page can show",
      );
    },
  },
  {
    id: "security.sign-in-burst",
    title:
      "40 concurrent wrong passwords for one account, each from its own browser: at most the limit reach the provider",
    requires: unlimited,
    spendsSignIns: true,
    timeoutMs: 60_000,
    async run(h) {
      const max = signInMax(h);
      const email = madeUp("burst");
      const { result, calls } = await counted(h, () => burst(h, email, 40));
      const t = tally(result);
      assertLimited(t, max, "40 concurrent wrong passwords");
      if (calls !== undefined)
        assert.ok(
          calls <= max,
          `the provider's authorize ran ${calls} times for 40 concurrent attempts (limit ${max})`,
        );
      const after = await counted(h, () => attempt(h, email, "wrong-password"));
      assert.equal(
        after.result.verdict,
        "rate-limited",
        `after the burst the account is locked (got ${after.result.detail})`,
      );
      if (after.calls !== undefined) assert.equal(after.calls, 0, "a locked account's attempt never reaches authorize");
    },
  },
  {
    id: "security.sign-in-bodies",
    title:
      "12 wrong passwords as a padded form, as JSON with another charset, as application/jsonx: each counts or is refused",
    requires: unlimited,
    spendsSignIns: true,
    timeoutMs: 90_000,
    async run(h) {
      const max = signInMax(h);
      for (const as of ["padded-form", "json-latin1", "jsonx"] as const) {
        // An account per shape, so a failure names the shape that walks around the count.
        const email = madeUp(`bodies-${as}`);
        const answers = [];
        for (let i = 0; i < 12; i++) answers.push(await attempt(h, email, `wrong-password-${i}`, { as }));
        assertLimited(tally(answers), max, `12 wrong passwords sent as ${SHAPES[as]}`);
      }
    },
  },
  {
    id: "security.sign-in-locked-out",
    title: "a locked account refuses even its right password, in every body shape",
    requires: (h) =>
      unlimited(h) ??
      (h.spareUser
        ? undefined
        : "the target names no spare account the scenario may lock (`spareUser`, config `users.spare`)"),
    spendsSignIns: true,
    timeoutMs: 60_000,
    async run(h) {
      const spare = h.spareUser as NonNullable<Harness["spareUser"]>;
      const max = signInMax(h);
      assertLimited(tally(await burst(h, spare.email, 40)), max, "40 concurrent wrong passwords for the spare account");
      for (const as of Object.keys(SHAPES) as BodyShape[]) {
        const right = await attempt(h, spare.email, spare.password, { as });
        assert.notEqual(
          right.verdict,
          "signed-in",
          `the right password sent as ${SHAPES[as]} signs the locked account in`,
        );
        shape(
          right.verdict === "rate-limited" || right.verdict === "refused-body",
          `the right password sent as ${SHAPES[as]} is refused (got ${right.detail})`,
        );
      }
    },
  },
  {
    id: "security.sign-in-forwarded",
    title:
      "forged X-Forwarded-For / X-Real-IP do not give each attempt a new address, through Auth.js's endpoint or the app's own form: the per-address limit holds",
    requires: (h) =>
      unlimited(h) ??
      (h.signInAddressLimit === false ? "the target has no per-address sign-in limit" : undefined) ??
      (h.clientAddress === "connection"
        ? undefined
        : 'the target declares no client address (`clientAddress: "none"`): only the per-account limit applies'),
    spendsSignIns: true,
    timeoutMs: 180_000,
    async run(h) {
      const limit = typeof h.signInAddressLimit === "number" ? h.signInAddressLimit : 100;
      const total = limit + 10;
      // With a form of its own, every other attempt goes through it (its action hands `signIn`
      // the client's address): one count per address across both, whichever route forgets it.
      const batches: Awaited<ReturnType<typeof attempt>>[][] = [];
      // Ten at a time: concurrent as an attacker's script, bounded so a small app is not flooded.
      for (let start = 0; start < total; start += 10) {
        const batch = Array.from({ length: Math.min(10, total - start) }, (_, j) => {
          const i = start + j;
          const forged = `198.18.${i >> 8}.${i & 255}`;
          return attempt(h, madeUp("forwarded"), "wrong-password", {
            headers: { "x-forwarded-for": forged, "x-real-ip": forged },
            via: h.signInForm && i % 2 === 1 ? "form" : "auth",
          });
        });
        batches.push(await Promise.all(batch));
      }
      const sent = `${total} wrong passwords for distinct accounts, each with a new forged address${
        h.signInForm ? `, alternately to Auth.js's endpoint and the app's form (${h.signInForm.path})` : ""
      }`;
      assertLimited(tally(batches.flat()), limit, sent);
      // The scenarios before this one spent part of the same address's budget, so fewer than
      // `limit` may get through; what holds exactly is the order: once the address is refused,
      // nothing after it reaches the provider, on either route. (A batch is concurrent: its own
      // order is the store's, so the rule applies from the batch after the first refusal.)
      const first = batches.findIndex((batch) => batch.some((a) => a.verdict !== "wrong-password"));
      if (first === -1) return;
      const refusedIn = `attempts ${first * 10 + 1}-${first * 10 + (batches[first]?.length ?? 0)}`;
      for (const [k, batch] of batches.entries()) {
        if (k <= first) continue;
        for (const [j, answer] of batch.entries())
          assert.notEqual(
            answer.verdict,
            "wrong-password",
            `${sent}: attempt ${k * 10 + j + 1} reached the provider after the address was refused in ${refusedIn} (${answer.detail})`,
          );
      }
    },
  },
];

/** No input is a 5xx: random bodies and headers, garbage cookies. */
import { strict as assert } from "node:assert";
import * as fc from "fast-check";
import { Client, canMint } from "../client.js";
import { minting, type Scenario, touchesSession } from "./support.js";
import { valuesOf } from "../harness.js";

export const robustness: Scenario[] = [
  {
    id: "robustness.property",
    requires: minting,
    title: "random bodies and headers: no 5xx, no session change on rejection, Object.prototype untouched",
    timeoutMs: 300_000,
    async run(h) {
      // A new synthetic user every 100 cases: the fuzz never spends a real user's rate limit.
      const client = new Client(h);
      // No fresh budget needed: a paced target spreads these over its windows.
      await client.mint({ drain: false });
      const csrfToken = await client.csrf();
      const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
      const field = client.field;
      const value = fc.oneof(
        fc.string(),
        fc.constantFrom(valuesOf(h).own, valuesOf(h).ownOther, valuesOf(h).others, null),
        fc.integer(),
        fc.array(fc.string(), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
      );
      const key = fc.oneof(
        fc.constantFrom(field, "sub", "email", "__proto__", "constructor", "role", "user.id", ""),
        fc.string({ maxLength: 12 }),
      );
      const body = fc.oneof(
        fc.record({
          csrfToken: fc.constantFrom(csrfToken, "nope", ""),
          data: fc.dictionary(key, value, { maxKeys: 3 }),
        }),
        fc.json(),
        fc.string({ maxLength: 200 }),
      );
      const headers = fc.record(
        {
          "content-type": fc.constantFrom(
            "application/json",
            "text/plain",
            "application/json; charset=utf-8",
            "application/x-www-form-urlencoded",
            "",
          ),
          origin: fc.constantFrom(h.origin, "null", "https://evil.example"),
          "sec-fetch-site": fc.constantFrom("same-origin", "cross-site", "same-site", "none"),
        },
        { requiredKeys: [] },
      );
      const verb = fc.constantFrom("POST", "POST", "POST", "PUT", "GET");
      let cases = 0;
      await fc.assert(
        fc.asyncProperty(body, headers, verb, async (payload, hdrs, m) => {
          if (++cases % 100 === 0 && canMint(h)) await client.mint();
          const jar = client.clone();
          const tokenBefore = jar.sessionToken();
          const text = typeof payload === "string" ? payload : JSON.stringify(payload);
          const response = await jar.send(jar.path("session"), {
            method: m,
            headers: Object.fromEntries(Object.entries(hdrs).filter(([, v]) => v !== "")),
            ...(m === "GET" ? {} : { body: text }),
          });
          const out = await response.text();
          if (response.status >= 500)
            throw new Error(`5xx ${response.status} for ${m} ${text.slice(0, 120)}: ${out.slice(0, 120)}`);
          if (response.status !== 200 && (touchesSession(jar, response) || jar.sessionToken() !== tokenBefore))
            throw new Error(`a ${response.status} rewrote the session`);
        }),
        {
          numRuns: Number(process.env.FUZZ_RUNS ?? h.fuzzRuns ?? 2000),
          ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
        },
      );
      assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), protoKeys, "Object.prototype untouched");
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.ok(cases > 0);
      if (process.env.FUZZ_RUNS)
        console.log(
          `fuzz: ${cases} random requests, 0 5xx, 0 session changes on rejection, Object.prototype untouched`,
        );
    },
  },
  {
    id: "robustness.garbage-cookies",
    title: "garbage and oversized cookie headers never cause a 5xx",
    async run(h) {
      const client = new Client(h);
      for (const cookie of [
        "%",
        "=;=;",
        `${client.sessionCookieName}=${"A".repeat(3000)}`,
        `${client.sessionCookieName}.0=x; ${client.sessionCookieName}.01=y`,
        'a="unterminated',
      ]) {
        const response = await client.send(client.path("session"), { headers: { cookie } });
        assert.ok(response.status < 500, `GET with cookie ${cookie.slice(0, 40)} answered ${response.status}`);
        await response.body?.cancel();
      }
    },
  },
];

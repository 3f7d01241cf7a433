/** The rate limit. */
import { strict as assert } from "node:assert";
import { Client } from "../client.js";
import { minting, refused, type Scenario, shape } from "./support.js";
import { valuesOf } from "../harness.js";

export const rateLimit: Scenario[] = [
  {
    id: "rate-limit.updates",
    title: "refuses update attempts past the limit with RATE_LIMITED and Retry-After; reads stay open",
    requires: (h) => minting(h) ?? (h.rateLimitMax === false ? "the target turns the rate limit off" : undefined),
    timeoutMs: 120_000,
    async run(h) {
      // A user of its own, so the count starts at zero whatever other scenarios spent.
      const client = new Client(h);
      await client.mint();
      // The one scenario that must reach the limit: the target's pacing stays out of it.
      client.paced = false;
      const max = h.rateLimitMax === undefined ? 120 : (h.rateLimitMax as number);
      const csrfToken = await client.csrf();
      for (let attempt = 1; attempt <= max; attempt++) {
        // Refusals count too: every authenticated attempt is one.
        const response = await client.update(attempt % 2 ? { [client.field]: valuesOf(h).own } : {}, { csrfToken });
        await response.body?.cancel();
        // Limiting too early is no hole, only another answer than the contract's.
        shape(response.status !== 429, `attempt ${attempt} of ${max} is within the limit`);
      }
      let retryAfter: string | null = null;
      await refused(client, "RATE_LIMITED", async () => {
        const response = await client.update({ [client.field]: valuesOf(h).others }, { csrfToken });
        retryAfter = response.headers.get("retry-after");
        return response;
      });
      assert.ok(retryAfter && Number(retryAfter) > 0, "Retry-After names the seconds to wait");
      assert.ok(await client.session(), "reads are never limited");
    },
  },
];

/** Consistency: stale cookies, racing updates, sign-out everywhere. */
import { strict as assert } from "node:assert";
import type { Client } from "../client.js";
import { readsTokens, type Scenario, selected, signedIn, touchesSession, withCompany } from "./support.js";
import { valuesOf } from "../harness.js";

export const consistency: Scenario[] = [
  {
    id: "consistency.stale-token-heals",
    requires: readsTokens,
    title: "a stale cookie (a slower answer's Set-Cookie) reads as the newest update and is rewritten",
    async run(h) {
      const client = await withCompany(h);
      const stale = client.sessionToken() as string;
      const response = await client.update({ [client.field]: valuesOf(h).ownOther });
      assert.equal(response.status, 200);
      client.jar.set(client.sessionCookieName, stale);
      const healed = await client.send(client.path("session"));
      assert.equal(((await healed.json()) as Record<string, unknown>)[client.field], valuesOf(h).ownOther);
      assert.ok(touchesSession(client, healed), "the answer rewrites the stale cookie");
      assert.equal((await client.token())?.[client.field], valuesOf(h).ownOther);
    },
  },
  {
    id: "consistency.racing-updates",
    requires: readsTokens,
    title: "two updates racing from one cookie: each is applied or answered 409 CONFLICT, and the newest wins",
    async run(h) {
      const client = await withCompany(h);
      const csrfToken = await client.csrf();
      const tabs = [client.clone(), client.clone()];
      const values = [valuesOf(h).ownOther, null];
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
      assert.equal(
        await selected(client),
        newest?.value ?? undefined,
        "a read of the older cookie shows the newest update",
      );
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
      const update = await laptop.update({ [laptop.field]: valuesOf(h).own });
      assert.equal(update.status, 401);
      await update.body?.cancel();
      // Revocation covers tokens issued up to its second; a sign-in in a later second is new.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const fresh = await signedIn(h);
      assert.ok(await fresh.session(), "a new sign-in is not revoked");
    },
  },
];

/** Every row of the error table: no session, CSRF, cross-site requests. */
import { strict as assert } from "node:assert";
import { Client } from "../client.js";
import { type Harness, valuesOf } from "../harness.js";
import { json, refused, type Scenario, selected, touchesSession, withCompany } from "./support.js";

function crossSite(id: string, label: string, headers: (h: Harness) => Record<string, string>): Scenario {
  return {
    id: `origin.${id}`,
    title: `refuses an update with ${label} with CSRF, even with a valid token`,
    async run(h) {
      const client = await withCompany(h);
      await refused(client, "CSRF", () =>
        client.update({ [client.field]: valuesOf(h).ownOther }, { headers: headers(h) }),
      );
    },
  };
}

export const errors: Scenario[] = [
  {
    id: "errors.unauthenticated",
    title: "refuses an update without a session with UNAUTHENTICATED",
    async run(h) {
      const client = new Client(h);
      const response = await client.update({ [client.field]: valuesOf(h).own });
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
      await refused(client, "CSRF", () => client.update({ [client.field]: valuesOf(h).ownOther }, { csrfToken: null }));
    },
  },
  {
    id: "csrf.wrong",
    title: "refuses an update with a wrong csrfToken with CSRF",
    async run(h) {
      const client = await withCompany(h);
      await client.csrf();
      await refused(client, "CSRF", () =>
        client.update({ [client.field]: valuesOf(h).ownOther }, { csrfToken: "0".repeat(64) }),
      );
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
          body: json({ csrfToken: [token], data: { [client.field]: valuesOf(h).ownOther } }),
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
      const digest = Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token))).toString(
        "hex",
      );
      client.jar.set(client.csrfCookieName, encodeURIComponent(`${token}|${digest}`));
      await refused(client, "CSRF", () =>
        client.update({ [client.field]: valuesOf(h).ownOther }, { csrfToken: token }),
      );
    },
  },
  {
    id: "csrf.other-secret",
    title: "refuses a CSRF cookie signed with another secret",
    async run(h) {
      const client = await withCompany(h);
      const token = "b".repeat(64);
      const digest = Buffer.from(
        await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${token}another-secret`)),
      ).toString("hex");
      client.jar.set(client.csrfCookieName, encodeURIComponent(`${token}|${digest}`));
      await refused(client, "CSRF", () =>
        client.update({ [client.field]: valuesOf(h).ownOther }, { csrfToken: token }),
      );
    },
  },
  {
    id: "csrf.no-cookie",
    title: "refuses a body token without its CSRF cookie",
    async run(h) {
      const client = await withCompany(h);
      const token = await client.csrf();
      client.jar.delete(client.csrfCookieName);
      await refused(client, "CSRF", () =>
        client.update({ [client.field]: valuesOf(h).ownOther }, { csrfToken: token }),
      );
    },
  },
  {
    id: "csrf.other-users-token",
    title: "refuses another browser's CSRF token",
    async run(h) {
      const client = await withCompany(h);
      await client.csrf();
      const stranger = await new Client(h).csrf();
      await refused(client, "CSRF", () =>
        client.update({ [client.field]: valuesOf(h).ownOther }, { csrfToken: stranger }),
      );
    },
  },
  crossSite("cross-origin", "a cross-site Origin", () => ({ origin: "https://evil.example" })),
  crossSite("null-origin", "Origin: null", () => ({ origin: "null" })),
  crossSite("sec-fetch-cross-site", "Sec-Fetch-Site: cross-site", () => ({ "sec-fetch-site": "cross-site" })),
  crossSite("sec-fetch-same-site", "Sec-Fetch-Site: same-site", () => ({ "sec-fetch-site": "same-site" })),
  crossSite("other-port", "an Origin on another port", (h) => ({
    origin: h.origin.replace(/:(\d+)$/, (_, p) => `:${Number(p) + 1}`),
  })),
  {
    id: "origin.same-origin-passes",
    title: "accepts a same-origin browser update (Origin and Sec-Fetch-Site: same-origin)",
    async run(h) {
      const client = await withCompany(h);
      const response = await client.update(
        { [client.field]: valuesOf(h).ownOther },
        { headers: { origin: h.origin, "sec-fetch-site": "same-origin" } },
      );
      assert.equal(response.status, 200);
      assert.equal(await selected(client), valuesOf(h).ownOther);
    },
  },
];

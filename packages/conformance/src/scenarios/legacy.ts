/** The legacy GET recipe. */
import { strict as assert } from "node:assert";
import { refused, type Scenario, selected, withCompany } from "./support.js";
import { valuesOf } from "../harness.js";

export const legacy: Scenario[] = [
  {
    id: "legacy.off-ignores-query",
    title: "with legacyQueryUpdates off, query parameters on GET session are ignored",
    requires: (h) => (h.legacyQueryKey ? "the target turns legacyQueryUpdates on" : undefined),
    async run(h) {
      const client = await withCompany(h);
      for (const key of [client.field, "companyId"]) {
        const response = await client.send(`${client.path("session")}?${key}=${valuesOf(h).ownOther}`, {
          headers: { "sec-fetch-site": "same-origin" },
        });
        assert.equal(response.status, 200);
        await response.body?.cancel();
      }
      assert.equal(await selected(client), valuesOf(h).own);
    },
  },
  {
    id: "legacy.same-origin",
    title: "the legacy GET ?field= updates a same-origin request through the same rules",
    requires: (h) => (h.legacyQueryKey ? undefined : "the target keeps legacyQueryUpdates off"),
    async run(h) {
      const client = await withCompany(h);
      const url = `${client.path("session")}?${h.legacyQueryKey}=${valuesOf(h).ownOther}`;
      const response = await client.send(url, { headers: { "sec-fetch-site": "same-origin" } });
      assert.equal(response.status, 200);
      assert.equal(await selected(client), valuesOf(h).ownOther);
      await refused(client, "FORBIDDEN", () =>
        client.send(`${client.path("session")}?${h.legacyQueryKey}=${valuesOf(h).others}`, {
          headers: { referer: `${h.origin}/dashboard` },
        }),
      );
    },
  },
  {
    id: "legacy.cross-site",
    title: "the legacy GET answers CSRF to a cross-site or signal-less request",
    requires: (h) => (h.legacyQueryKey ? undefined : "the target keeps legacyQueryUpdates off"),
    async run(h) {
      const client = await withCompany(h);
      const url = `${client.path("session")}?${h.legacyQueryKey}=${valuesOf(h).ownOther}`;
      await refused(client, "CSRF", () =>
        client.send(url, { headers: { "sec-fetch-site": "cross-site", referer: `${h.origin}/` } }),
      );
      await refused(client, "CSRF", () => client.send(url));
      await refused(client, "CSRF", () => client.send(url, { headers: { referer: "https://evil.example/" } }));
    },
  },
];

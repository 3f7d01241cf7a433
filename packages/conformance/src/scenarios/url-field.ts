/**
 * `urlFields`: the page's address decides the field for its own request (two tabs, two
 * companies), re-checked on every request, and only the app's own navigations keep it.
 */
import { strict as assert } from "node:assert";
import type { Client } from "../client.js";
import { type Harness, valuesOf } from "../harness.js";
import { type Scenario, selected, signedIn, touchesSession, withCompany } from "./support.js";

const needsPage = (h: Harness) => (h.urlField ? undefined : "the target declares no urlField page");

/** What a browser sends with a navigation; `site` is its Fetch Metadata. */
const navigation = (site: "same-origin" | "none" | "cross-site") => ({
  "sec-fetch-site": site,
  "sec-fetch-mode": "navigate",
  "sec-fetch-dest": "document",
  accept: "text/html",
});

function pagePath(h: Harness, value: string): string {
  return (h.urlField as NonNullable<Harness["urlField"]>).page.replace(":value", encodeURIComponent(value));
}

function shows(h: Harness, value: string): string {
  return h.urlField?.shows?.[value] ?? value;
}

/** Opens the page of `value` (redirects not followed) and reads its body. */
async function open(h: Harness, client: Client, value: string, site: "same-origin" | "none" | "cross-site") {
  const response = await client.send(pagePath(h, value), { headers: navigation(site) });
  return { response, body: await response.text() };
}

function rendersOwn(h: Harness, value: string, page: { response: Response; body: string }, what: string): void {
  assert.equal(page.response.status, 200, `${what}: the page of ${value} answers 200`);
  assert.ok(
    page.body.includes(shows(h, value)),
    `${what}: the page of ${value} shows ${JSON.stringify(shows(h, value))}`,
  );
}

export const urlField: Scenario[] = [
  {
    id: "url-field.member",
    title: "a member's URL renders its value, and a same-origin or direct navigation keeps it",
    requires: needsPage,
    async run(h) {
      const client = await withCompany(h);
      const { own, ownOther } = valuesOf(h);
      rendersOwn(h, ownOther, await open(h, client, ownOther, "same-origin"), "same-origin");
      assert.equal(await selected(client), ownOther, "a same-origin navigation makes it the session's value");
      rendersOwn(h, own, await open(h, client, own, "none"), "typed or bookmarked");
      assert.equal(await selected(client), own, "a direct navigation (Sec-Fetch-Site: none) keeps it too");
    },
  },
  {
    id: "url-field.non-member",
    title: "a URL naming a value the user may not have is refused (403 or not found) and changes nothing",
    requires: needsPage,
    async run(h) {
      const client = await withCompany(h);
      const { own, others, unknown } = valuesOf(h);
      for (const value of [others, unknown]) {
        const { response, body } = await open(h, client, value, "same-origin");
        assert.ok(
          response.status === 403 || response.status === 404,
          `the page of ${value} answers 403 or 404 (got ${response.status})`,
        );
        assert.ok(!touchesSession(client, response), `the refusal of ${value} writes no session cookie`);
        const text = h.urlField?.shows?.[value];
        if (text !== undefined) assert.ok(!body.includes(text), `the refusal does not render ${value}'s page`);
        assert.equal(await selected(client), own, `the session keeps ${own} after ${value} is refused`);
      }
    },
  },
  {
    id: "url-field.cross-site",
    title: "a link from another site renders the value it names and keeps nothing",
    requires: needsPage,
    async run(h) {
      const client = await withCompany(h);
      const { own, ownOther } = valuesOf(h);
      rendersOwn(h, ownOther, await open(h, client, ownOther, "cross-site"), "cross-site");
      assert.equal(await selected(client), own, "a cross-site navigation does not change the session's value");
    },
  },
  {
    id: "url-field.two-tabs",
    title: "two tabs of one session on two values each render their own, before and after the other's visit",
    requires: needsPage,
    async run(h) {
      const first = await withCompany(h);
      const second = first.clone();
      const { own, ownOther } = valuesOf(h);
      const [a, b] = await Promise.all([open(h, first, own, "same-origin"), open(h, second, ownOther, "same-origin")]);
      rendersOwn(h, own, a, "first tab");
      rendersOwn(h, ownOther, b, "second tab");
      // Each tab reloads with whatever cookie it holds now: the URL still decides.
      rendersOwn(h, own, await open(h, first, own, "same-origin"), "first tab, reloaded");
      rendersOwn(h, ownOther, await open(h, second, ownOther, "same-origin"), "second tab, reloaded");
    },
  },
  {
    id: "url-field.removed-membership",
    title: "a membership removed a moment ago refuses its URL at once, whatever the revalidation window",
    requires: (h) =>
      needsPage(h) ?? (h.revokeMembership && h.grantMembership ? undefined : "the target cannot revoke a membership"),
    async run(h) {
      const client = await withCompany(h);
      const { own, ownOther } = valuesOf(h);
      rendersOwn(h, ownOther, await open(h, client, ownOther, "cross-site"), "before the removal");
      await h.revokeMembership?.(h.users.member.id, ownOther);
      try {
        const { response } = await open(h, client, ownOther, "cross-site");
        assert.ok(
          response.status === 403 || response.status === 404,
          `the removed membership's page answers 403 or 404 (got ${response.status})`,
        );
        assert.equal(await selected(client), own, "and the session keeps its own value");
      } finally {
        await h.grantMembership?.(h.users.member.id, ownOther);
      }
    },
  },
  {
    id: "url-field.signed-out",
    title: "signed out, a URL naming a value renders nothing of it and writes no session",
    requires: needsPage,
    async run(h) {
      const visitor = await signedIn(h);
      await visitor.signOut();
      const { own } = valuesOf(h);
      const { response, body } = await open(h, visitor, own, "same-origin");
      assert.ok(response.status < 500, `a signed-out visit answers no 5xx (got ${response.status})`);
      const text = h.urlField?.shows?.[own];
      if (text !== undefined) assert.ok(!body.includes(text), "a signed-out visit does not render the page");
      assert.equal(visitor.sessionToken(), undefined, "a signed-out visit is given no session");
      assert.equal(await visitor.session(), null, "still signed out");
    },
  },
  {
    id: "url-field.other-user",
    title: "the other user cannot open the member's values",
    requires: needsPage,
    async run(h) {
      const other = await signedIn(h, "other");
      const { own, ownOther } = valuesOf(h);
      for (const value of [own, ownOther]) {
        const { response } = await open(h, other, value, "same-origin");
        assert.ok(
          response.status === 403 || response.status === 404,
          `the page of ${value} answers 403 or 404 to the other user (got ${response.status})`,
        );
      }
    },
  },
];

/** The sign-in → select → reload flow. */
import { strict as assert } from "node:assert";
import { Client } from "../client.js";
import { readsTokens, refused, type Scenario, selected, signedIn, touchesSession, withCompany } from "./support.js";
import { valuesOf } from "../harness.js";

export const flow: Scenario[] = [
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
      const response = await client.update({ [client.field]: valuesOf(h).own });
      assert.equal(response.status, 200);
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(body[client.field], valuesOf(h).own, "the answer is the new session");
      if (h.strategy !== "database") {
        assert.ok(touchesSession(client, response), "the answer sets the new session cookie");
        assert.notEqual(client.sessionToken(), before);
      }
      assert.equal(await selected(client.clone()), valuesOf(h).own, "a reload keeps it");
      if (!readsTokens(h))
        assert.equal((await client.token())?.[client.field], valuesOf(h).own, "the field is in the token");
    },
  },
  {
    id: "flow.switch-company",
    title: "switches from one own company to another",
    async run(h) {
      const client = await withCompany(h);
      const response = await client.update({ [client.field]: valuesOf(h).ownOther });
      assert.equal(response.status, 200);
      assert.equal(await selected(client), valuesOf(h).ownOther);
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
      assert.equal(((await response.json()) as Record<string, unknown>)[client.field], valuesOf(h).own);
      assert.equal(await selected(client), valuesOf(h).own);
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
      if (!readsTokens(h)) assert.equal((await client.token())?.name, "Alicia");
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
      await refused(
        client,
        "UNKNOWN_FIELD",
        () => client.update({ [client.field]: valuesOf(h).ownOther, role: "admin" }),
        "role",
      );
      assert.equal(await selected(client), valuesOf(h).own);
    },
  },
];

/** Tokens: unreadable cookies, chunks, interop with stock Auth.js, secret rotation. */
import { strict as assert } from "node:assert";
import { encode } from "@auth/core/jwt";
import { Client } from "../client.js";
import { type Harness, valuesOf } from "../harness.js";
import {
  jwtOnly,
  readsTokens,
  rotationNeedsTwo,
  type Scenario,
  sealsTokens,
  selected,
  withCompany,
} from "./support.js";

async function tokenFor(client: Client, claims: Record<string, unknown>, secret: string | string[], maxAge?: number) {
  return encode({ token: claims, secret, salt: client.sessionCookieName, ...(maxAge === undefined ? {} : { maxAge }) });
}

function unreadableToken(
  id: string,
  label: string,
  mutate: (h: Harness, client: Client) => Promise<void>,
  requires?: Scenario["requires"],
): Scenario {
  return {
    id: `tokens.${id}`,
    title: `treats ${label} as no session (GET null, update 401)`,
    ...(requires ? { requires } : {}),
    async run(h) {
      const client = await withCompany(h);
      await mutate(h, client);
      const response = await client.clone().send(client.path("session"));
      assert.equal(response.status, 200);
      const body = await response.json();
      assert.ok(body === null || Object.keys(body as object).length === 0, "no session is read");
      const csrfToken = await client.csrf();
      const update = await client.clone().update({ [client.field]: valuesOf(h).ownOther }, { csrfToken });
      assert.equal(update.status, 401, "an update is UNAUTHENTICATED");
      assert.equal(((await update.json()) as { error: { code: string } }).error.code, "UNAUTHENTICATED");
    },
  };
}

export const tokens: Scenario[] = [
  unreadableToken("tampered", "a tampered cookie", async (_h, client) => {
    const token = client.sessionToken() as string;
    const i = Math.floor(token.length / 2);
    client.jar.set(
      client.sessionCookieName,
      `${token.slice(0, i)}${token[i] === "A" ? "B" : "A"}${token.slice(i + 1)}`,
    );
  }),
  unreadableToken(
    "expired",
    "an expired token",
    async (h, client) => {
      client.jar.set(
        client.sessionCookieName,
        await tokenFor(client, { sub: h.users.member.id, email: h.users.member.email }, h.secrets, -120),
      );
    },
    sealsTokens,
  ),
  unreadableToken("wrong-secret", "a token from another secret", async (h, client) => {
    client.jar.set(
      client.sessionCookieName,
      await tokenFor(client, { sub: h.users.member.id, email: h.users.member.email }, "not-the-secret"),
    );
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
      assert.equal(await selected(client), valuesOf(h).own);
    },
  },
  {
    id: "interop.stock-decodes-ours",
    requires: readsTokens,
    title: "stock @auth/core decode reads the tokens it writes",
    async run(h) {
      const client = await withCompany(h);
      const token = await client.token();
      assert.equal(token?.sub, h.users.member.id);
      assert.equal(token?.[client.field], valuesOf(h).own);
    },
  },
  {
    id: "interop.reads-stock-token",
    requires: readsTokens,
    title: "reads and updates a token made by stock @auth/core encode",
    async run(h) {
      const client = new Client(h);
      const { member } = h.users;
      client.jar.set(
        client.sessionCookieName,
        await tokenFor(client, { sub: member.id, email: member.email, name: "Alice" }, h.secrets),
      );
      const session = await client.session();
      assert.equal((session?.user as { email?: string })?.email, member.email);
      const response = await client.update({ [client.field]: valuesOf(h).own });
      assert.equal(response.status, 200);
      assert.equal(await selected(client), valuesOf(h).own);
    },
  },
  {
    id: "rotation.old-secret-reads",
    title: "reads a token made with the previous secret and re-issues it with the current one",
    requires: rotationNeedsTwo,
    async run(h) {
      const client = new Client(h);
      const { member } = h.users;
      client.jar.set(
        client.sessionCookieName,
        await tokenFor(client, { sub: member.id, email: member.email }, h.secrets[1] as string),
      );
      assert.equal(((await client.session())?.user as { email?: string })?.email, member.email);
      const response = await client.update({ [client.field]: valuesOf(h).own });
      assert.equal(response.status, 200);
      const { decode } = await import("@auth/core/jwt");
      const fresh = await decode({
        token: client.sessionToken() as string,
        secret: h.secrets[0] as string,
        salt: client.sessionCookieName,
      });
      assert.equal(fresh?.[client.field], valuesOf(h).own, "the new token is sealed with the current secret");
    },
  },
];

import type { AuthConfig } from "@auth/core";
import { decode } from "@auth/core/jwt";
import { afterEach, describe, expect, test, vi } from "vitest";
import { MemoryStore, createSafeSession } from "../../src/index.js";
import { ORIGIN, SECRET, memoryMemberships, testConfig, testUpdates } from "../support/fixture.js";
import { SESSION_COOKIE, keptCookies, sessionCookie, updateRequest } from "../support/signed-in.js";

// README "Revisions": each session's latest fields live in the store under `st:<sid>`; an older
// cookie is brought up to them and rewritten, a current one is left alone.

afterEach(() => {
  vi.useRealTimers();
});

const read = (cookie: string) => new Request(`${ORIGIN}/auth/session`, { headers: { cookie } });

function setup() {
  const store = new MemoryStore();
  // A long revalidation window: reads do not re-stamp, so a rewritten token shows what was stored.
  const safe = createSafeSession({
    config: testConfig(),
    updates: testUpdates(memoryMemberships(), 3600),
    store,
    env: {},
  });
  return { store, safe };
}

async function claims(cookie: string): Promise<Record<string, unknown>> {
  const value = cookie.split("; ").find((pair) => pair.startsWith(`${SESSION_COOKIE}=`));
  if (value === undefined) throw new Error("no session cookie");
  return (await decode({
    token: value.slice(SESSION_COOKIE.length + 1),
    secret: SECRET,
    salt: SESSION_COOKIE,
  })) as Record<string, unknown>;
}

/** The `Set-Cookie` lines of the session cookie (a read also sets Auth.js's CSRF and callback cookies). */
const sessionSetCookies = (response: Response) =>
  response.headers.getSetCookie().filter((line) => line.startsWith(SESSION_COOKIE));

async function update(safe: ReturnType<typeof setup>["safe"], data: Record<string, unknown>, cookie?: string) {
  const response = await safe.handler(await updateRequest(data, cookie === undefined ? {} : { cookie }));
  expect(response.status).toBe(200);
  return keptCookies(response);
}

describe("a session's revisions", () => {
  test("reading the current cookie again writes no cookie", async () => {
    const { safe } = setup();
    const current = await update(safe, { selectedCompanyId: "acme" });
    const response = await safe.handler(read(current));
    expect(await response.json()).toMatchObject({ selectedCompanyId: "acme" });
    expect(sessionSetCookies(response)).toEqual([]);
  });

  test("an older cookie is rewritten with exactly the latest revision's fields and stamps", async () => {
    const start = Date.parse("2030-01-01T00:00:00Z");
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    const { safe } = setup();
    const first = await update(safe, { selectedCompanyId: "acme", name: "Al" });
    const latest = await update(safe, { selectedCompanyId: "globex" }, first);
    // Later, still inside the revalidation window: the stamp is the update's, not this read's.
    vi.setSystemTime(start + 60_000);
    const response = await safe.handler(read(first));
    expect(await response.json()).toMatchObject({ selectedCompanyId: "globex", user: { name: "Al" } });
    const healed = await claims(keptCookies(response));
    const expected = await claims(latest);
    for (const claim of ["sid", "rev", "selectedCompanyId", "name", "ssv"])
      expect(healed[claim]).toEqual(expected[claim]);
    expect(healed.rev).toBe(2);
    expect(healed.ssv).toEqual({ selectedCompanyId: start / 1000 });
  });

  test("a field cleared in the latest revision is removed from the older cookie, with its stamp", async () => {
    const { safe } = setup();
    const first = await update(safe, { selectedCompanyId: "acme" });
    expect((await claims(first)).ssv).toBeDefined();
    const latest = await update(safe, { selectedCompanyId: null }, first);
    expect(await claims(latest)).not.toHaveProperty("ssv");
    const response = await safe.handler(read(first));
    expect(await response.json()).not.toHaveProperty("selectedCompanyId");
    const healed = await claims(keptCookies(response));
    expect(healed).not.toHaveProperty("selectedCompanyId");
    expect(healed).not.toHaveProperty("ssv");
  });

  test("after the store lost its records (a restart), an update still outranks every older cookie", async () => {
    const { safe } = setup();
    // A cookie from before the restart: three updates old, its record gone.
    const old = await sessionCookie({
      sub: "alice",
      email: "alice@example.com",
      sid: "before-restart",
      rev: 3,
      selectedCompanyId: "acme",
    });
    const latest = await update(safe, { selectedCompanyId: "globex" }, old);
    expect((await claims(latest)).rev).toBe(4);
    // A second tab still holds the old cookie: it reads the update, not its own older value.
    expect(await (await safe.handler(read(old))).json()).toMatchObject({ selectedCompanyId: "globex" });
  });

  test("a token minted with a revision that is not a number counts from 0", async () => {
    const { safe } = setup();
    const minted = await sessionCookie({
      sub: "alice",
      email: "alice@example.com",
      sid: "minted",
      rev: "7",
      selectedCompanyId: "acme",
    });
    expect((await claims(await update(safe, { selectedCompanyId: "globex" }, minted))).rev).toBe(1);
  });

  test("a jwt callback that sets a non-finite revision on reads does not carry it into the next revision", async () => {
    const config = testConfig();
    const jwt: NonNullable<NonNullable<AuthConfig["callbacks"]>["jwt"]> = ({ token }) => ({
      ...token,
      rev: Number.POSITIVE_INFINITY,
    });
    const safe = createSafeSession({
      config: { ...config, callbacks: { ...config.callbacks, jwt } },
      updates: testUpdates(),
      env: {},
    });
    expect((await claims(await update(safe, { selectedCompanyId: "acme" }))).rev).toBe(1);
  });
});

describe("a revision record in the store that is not one safe-session wrote", () => {
  const sid = "shared-store-session";
  // Stamped now: inside the window, so a read that finds nothing newer has nothing to rewrite.
  const cookie = () =>
    sessionCookie({
      sub: "alice",
      email: "alice@example.com",
      sid,
      rev: 1,
      selectedCompanyId: "acme",
      ssv: { selectedCompanyId: Math.floor(Date.now() / 1000) },
    });

  test.each([
    ["fields that are not an object", '{"rev":9,"fields":"globex","verified":{}}'],
    ["null fields", '{"rev":9,"fields":null,"verified":{}}'],
    ["no fields", '{"rev":9,"verified":{}}'],
    ["no revision number", '{"fields":{"selectedCompanyId":"globex"},"verified":{}}'],
    ["a revision that is not a number", '{"rev":"9","fields":{"selectedCompanyId":"globex"},"verified":{}}'],
    ["JSON null", "null"],
    ["text that is not JSON", "st:garbage"],
  ])("%s: ignored, the cookie's own fields stand", async (_, record) => {
    const { store, safe } = setup();
    await store.set(`st:${sid}`, record, 60);
    const response = await safe.handler(read(await cookie()));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ selectedCompanyId: "acme" });
    expect(sessionSetCookies(response)).toEqual([]);
  });

  test("a record without a revision number does not outrank a token minted with a negative one", async () => {
    const { store, safe } = setup();
    await store.set(`st:${sid}`, '{"fields":{"selectedCompanyId":"globex"},"verified":{}}', 60);
    const minted = await sessionCookie({
      sub: "alice",
      email: "alice@example.com",
      sid,
      rev: -1,
      selectedCompanyId: "acme",
    });
    expect(await (await safe.handler(read(minted))).json()).toMatchObject({ selectedCompanyId: "acme" });
  });

  test.each([
    ["without stamps", '{"rev":9,"fields":{"selectedCompanyId":"globex"}}'],
    ["with null stamps", '{"rev":9,"fields":{"selectedCompanyId":"globex"},"verified":null}'],
  ])("a newer record %s still brings the cookie up to date", async (_, record) => {
    const { store, safe } = setup();
    await store.set(`st:${sid}`, record, 60);
    const response = await safe.handler(read(await cookie()));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ selectedCompanyId: "globex" });
    const healed = await claims(keptCookies(response));
    expect(healed.rev).toBe(9);
  });
});

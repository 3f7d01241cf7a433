import { afterEach, describe, expect, test, vi } from "vitest";
import { createSafeSession } from "../../src/index.js";
import { ORIGIN, memoryMemberships, testConfig, testUpdates } from "../support/fixture.js";
import { keptCookies, sessionCookie, updateRequest } from "../support/signed-in.js";

afterEach(() => {
  vi.useRealTimers();
});

const read = (cookie: string) => new Request(`${ORIGIN}/auth/session`, { headers: { cookie } });

describe("revalidate.everySeconds counts from the update that authorized the value", () => {
  test("a read inside the window keeps the value without asking again; the first read after it asks", async () => {
    const start = Date.parse("2030-01-01T00:00:00Z");
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    const memberships = memoryMemberships();
    const has = vi.spyOn(memberships, "has");
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(memberships, 3600), env: {} });

    const updated = await safe.handler(
      await updateRequest({ selectedCompanyId: "acme" }, { cookie: await sessionCookie() }),
    );
    expect(await updated.json()).toMatchObject({ selectedCompanyId: "acme" });
    expect(has).toHaveBeenCalledTimes(1);
    const cookie = keptCookies(updated);

    // Membership revoked: inside the window the authorized value stands (that is what the window means).
    memberships.revoke("alice", "acme");
    vi.setSystemTime(start + 3599_000);
    expect(await (await safe.handler(read(cookie))).json()).toMatchObject({ selectedCompanyId: "acme" });
    expect(has).toHaveBeenCalledTimes(1);

    vi.setSystemTime(start + 3600_000);
    const after = (await (await safe.handler(read(cookie))).json()) as Record<string, unknown>;
    expect(has).toHaveBeenCalledTimes(2);
    expect(after.selectedCompanyId).toBeUndefined();
  });

  test("a field cleared with null is not asked about again", async () => {
    const memberships = memoryMemberships();
    const has = vi.spyOn(memberships, "has");
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(memberships, 0), env: {} });
    const set = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }));
    const cleared = await safe.handler(await updateRequest({ selectedCompanyId: null }, { cookie: keptCookies(set) }));
    expect(((await cleared.json()) as Record<string, unknown>).selectedCompanyId).toBeUndefined();
    has.mockClear();
    await safe.handler(read(keptCookies(cleared)));
    expect(has).not.toHaveBeenCalled();
  });
});

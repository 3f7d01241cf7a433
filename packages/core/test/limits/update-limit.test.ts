import { afterEach, describe, expect, test, vi } from "vitest";
import { createTestSession } from "../support/fixture.js";
import { sessionCookie, updateRequest } from "../support/signed-in.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("Retry-After", () => {
  test("equals the seconds left in the window, rounded up", async () => {
    const start = Date.parse("2030-01-01T00:00:00Z");
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    const safe = createTestSession({ rateLimit: { max: 2, windowSeconds: 60 } });
    const cookie = await sessionCookie({ sub: "alice", email: "alice@example.com", iat: start / 1000 });
    for (let i = 0; i < 2; i++)
      expect((await safe.handler(await updateRequest({ name: `n${i}` }, { cookie }))).status).toBe(200);

    vi.setSystemTime(start + 15_500);
    const limited = await safe.handler(await updateRequest({ name: "again" }, { cookie }));
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { code: "RATE_LIMITED" } });
    expect(limited.headers.get("retry-after")).toBe("45");

    vi.setSystemTime(start + 59_999);
    expect((await safe.handler(await updateRequest({ name: "again" }, { cookie }))).headers.get("retry-after")).toBe(
      "1",
    );

    vi.setSystemTime(start + 60_000);
    expect((await safe.handler(await updateRequest({ name: "later" }, { cookie }))).status).toBe(200);
  });
});

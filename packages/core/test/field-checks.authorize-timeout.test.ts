import { afterEach, describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { createSafeSession, defineUpdates } from "../src/index.js";
import { testConfig } from "./support/fixture.js";
import { updateRequest } from "./support/signed-in.js";

afterEach(() => {
  vi.useRealTimers();
});

const TIMEOUT_MS = 2000;

function sessionWith(authorize: (value: string) => unknown) {
  const error = vi.fn();
  const updates = defineUpdates({ theme: { schema: z.string(), authorize: ({ value }) => authorize(value) } });
  const safe = createSafeSession({
    config: { ...testConfig(), logger: { error, warn: () => {} } },
    updates,
    env: {},
    authorizeTimeoutMs: TIMEOUT_MS,
  });
  return { safe, error };
}

describe("authorize's time limit", () => {
  test("an async authorize that answers leaves no timer behind (a server's event loop can drain)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { safe } = sessionWith(async () => true);
    const response = await safe.handler(await updateRequest({ theme: "dark" }));
    expect(response.status).toBe(200);
    expect(vi.getTimerCount()).toBe(0);

    const refused = await sessionWith(async () => false).safe.handler(await updateRequest({ theme: "dark" }));
    expect(refused.status).toBe(403);
    expect(vi.getTimerCount()).toBe(0);

    const thrown = await sessionWith(async () => Promise.reject(new Error("db down"))).safe.handler(
      await updateRequest({ theme: "dark" }),
    );
    expect(thrown.status).toBe(403);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("an authorize still pending at authorizeTimeoutMs is a no (403), logged by name only", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let called!: () => void;
    const asked = new Promise<void>((resolve) => (called = resolve));
    const { safe, error } = sessionWith(() => {
      called();
      return new Promise(() => {});
    });
    const pending = safe.handler(await updateRequest({ theme: "dark" }));
    await asked;
    await vi.advanceTimersByTimeAsync(TIMEOUT_MS - 1);
    let settled = false;
    void pending.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const response = await pending;
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: "FORBIDDEN", field: "theme" } });
    expect(error).toHaveBeenCalledOnce();
    expect(error.mock.calls[0]?.[0].message).toBe(
      `safe-session: authorize for "theme" timed out after ${TIMEOUT_MS} ms`,
    );
  });

  test.each([
    ["a truthy non-true value", () => "yes"],
    ["a promise of a truthy non-true value", async () => 1],
    ["undefined", () => undefined],
  ])("only exactly true passes: %s is 403", async (_, answer) => {
    const response = await sessionWith(answer).safe.handler(await updateRequest({ theme: "dark" }));
    expect(response.status).toBe(403);
  });

  test("a throw is logged with the error's name, never its message", async () => {
    const { safe, error } = sessionWith(() => {
      throw new RangeError("password=hunter2");
    });
    expect((await safe.handler(await updateRequest({ theme: "dark" }))).status).toBe(403);
    expect(error.mock.calls.map(([e]) => e.message)).toEqual([
      'safe-session: authorize for "theme" threw (RangeError)',
    ]);
  });
});

import { describe, expect, it, vi } from "vitest";
import type { SafeSessionStore } from "../src/index.js";
import { ORIGIN, SECRET, createTestSession, testConfig } from "./fixture.js";
import { sessionCookie, updateRequest } from "./signed-in.js";

// Audit hooks (`events.onUpdate`, `events.onReject`) run after the answer is decided: they never
// change it, and a hook that throws is logged by the error's name only.

const signedIn = async () => new Request(`${ORIGIN}/x`, { headers: { cookie: await sessionCookie() } });

describe("what a hook's failure logs", () => {
  it.each([
    ["an Error", () => new TypeError(`boom ${SECRET}`), "TypeError"],
    ["a string", () => `boom ${SECRET}`, "string"],
  ])("a hook that throws %s: one line naming what was thrown, nothing of its content", async (_, thrown, named) => {
    const error = vi.fn();
    const safe = createTestSession({
      config: { ...testConfig(), logger: { error } },
      events: {
        onUpdate: () => {
          throw thrown();
        },
      },
    });
    await safe.updateSession(await signedIn(), { selectedCompanyId: "acme" });
    expect(error.mock.calls.map(([logged]) => (logged as Error).message)).toEqual([
      `safe-session: an event hook threw (${named})`,
    ]);
  });

  it("hooks that return normally log nothing; an app without onUpdate logs nothing on an accepted update", async () => {
    const error = vi.fn();
    const onUpdate = vi.fn(() => undefined);
    const quiet = createTestSession({ config: { ...testConfig(), logger: { error } }, events: { onUpdate } });
    await quiet.updateSession(await signedIn(), { selectedCompanyId: "acme", name: "Al" });
    expect(onUpdate).toHaveBeenCalledTimes(2);
    const onReject = vi.fn();
    const rejectOnly = createTestSession({ config: { ...testConfig(), logger: { error } }, events: { onReject } });
    const { session } = await rejectOnly.updateSession(await signedIn(), { selectedCompanyId: "acme" });
    expect(session.selectedCompanyId).toBe("acme");
    expect(onReject).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(error).not.toHaveBeenCalled();
  });
});

describe("onReject is for the contract's refusals only", () => {
  it("an app's own error thrown during updateSession (its jwt callback) is rethrown as it is, and no onReject runs", async () => {
    const onReject = vi.fn();
    const appError = new RangeError("the app's own failure");
    const config = {
      ...testConfig(),
      callbacks: {
        ...testConfig().callbacks,
        jwt: ({ token, trigger }: { token: Record<string, unknown>; trigger?: string }) => {
          if (trigger === "update") throw appError;
          return token;
        },
      },
    };
    const safe = createTestSession({ config, events: { onReject } });
    await expect(safe.updateSession(await signedIn(), { selectedCompanyId: "acme" })).rejects.toBe(appError);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(onReject).not.toHaveBeenCalled();
  });
});

describe("onReject when the refusal came before a session could be read", () => {
  it("the store is down: 503 UNAVAILABLE, onReject without a user", async () => {
    const down: SafeSessionStore = {
      hit: () => Promise.reject(new Error("store down")),
      release: () => Promise.reject(new Error("store down")),
      get: () => Promise.reject(new Error("store down")),
      set: () => Promise.reject(new Error("store down")),
      compareAndSet: () => Promise.reject(new Error("store down")),
    };
    const onReject = vi.fn();
    const safe = createTestSession({ store: down, events: { onReject } });
    const response = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }));
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNAVAILABLE");
    expect(onReject).toHaveBeenCalledTimes(1);
    expect(onReject).toHaveBeenCalledWith(expect.objectContaining({ code: "UNAVAILABLE", userId: undefined }));
  });

  it("the config cannot be built: a refused method is still 405, and a throwing onReject changes nothing", async () => {
    const onReject = vi.fn(() => {
      throw new Error("hook failed");
    });
    const safe = createTestSession({
      config: () => {
        throw new Error("config database down");
      },
      events: { onReject },
    });
    const response = await safe.handler(new Request(`${ORIGIN}/auth/session`, { method: "PUT" }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
  });
});

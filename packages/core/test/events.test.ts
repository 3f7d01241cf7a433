import { encode as stockEncode } from "@auth/core/jwt";
import { describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { ORIGIN, SECRET, createTestSession, testConfig, downStore } from "./support/fixture.js";
import { createSafeSession } from "../src/create-safe-session.js";
import { defineUpdates } from "../src/define-updates.js";
import { sessionCookie, updateRequest } from "./support/signed-in.js";

const salt = "authjs.session-token";

const signedIn = async (path = "/x") =>
  new Request(`${ORIGIN}${path}`, {
    headers: {
      cookie: `${salt}=${await stockEncode({ token: { sub: "alice", email: "alice@example.com" }, secret: SECRET, salt })}`,
    },
  });

describe("audit events", () => {
  test("onUpdate once per accepted field, with from and to; onReject with the code", async () => {
    const onUpdate = vi.fn();
    const onReject = vi.fn();
    const safe = createTestSession({ events: { onUpdate, onReject } });
    const request = await signedIn();
    await safe.updateSession(request, { selectedCompanyId: "acme", name: "Al" });
    expect(onUpdate).toHaveBeenCalledTimes(2);
    expect(onUpdate).toHaveBeenCalledWith(
      expect.objectContaining({ userId: "alice", field: "selectedCompanyId", from: undefined, to: "acme", request }),
    );
    await safe.updateSession(request, { selectedCompanyId: null });
    expect(onUpdate).toHaveBeenLastCalledWith(
      expect.objectContaining({ field: "selectedCompanyId", from: "acme", to: undefined }),
    );
    await safe.updateSession(request, { selectedCompanyId: "initech" }).catch(() => {});
    expect(onReject).toHaveBeenCalledWith(
      expect.objectContaining({ userId: "alice", code: "FORBIDDEN", field: "selectedCompanyId" }),
    );
    const response = await safe.handler(new Request(`${ORIGIN}/auth/session`, { method: "PUT" }));
    expect(response.status).toBe(405);
    expect(onReject).toHaveBeenLastCalledWith(
      expect.objectContaining({ userId: undefined, code: "METHOD_NOT_ALLOWED" }),
    );
  });

  test("a throwing hook is logged and changes nothing", async () => {
    const error = vi.fn();
    const safe = createTestSession({
      config: { ...testConfig(), logger: { error } },
      events: {
        onUpdate: () => {
          throw new Error(SECRET);
        },
        onReject: async () => {
          throw new Error(SECRET);
        },
      },
    });
    const { session } = await safe.updateSession(await signedIn(), { selectedCompanyId: "acme" });
    expect(session.selectedCompanyId).toBe("acme");
    await expect(safe.updateSession(await signedIn(), { selectedCompanyId: "initech" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await vi.waitFor(() => expect(error).toHaveBeenCalledTimes(2));
    expect(JSON.stringify(error.mock.calls.map(([e]) => e.message))).not.toContain(SECRET);
  });
});

describe("oversize sessions", () => {
  const updates = defineUpdates({ notes: { schema: z.string().max(7000) } });

  test("an update past the cookie budget is SESSION_TOO_LARGE and leaves the session", async () => {
    const safe = createSafeSession({ config: testConfig(), updates, env: {}, maxCookieChunks: 1 });
    const request = await signedIn();
    await expect(safe.updateSession(request, { notes: "n".repeat(5000) })).rejects.toMatchObject({
      code: "SESSION_TOO_LARGE",
      status: 413,
    });
    expect((await safe.getSession(request))?.notes).toBeUndefined();
  });

  test("within the budget a large token is chunked, read back, and shrinks to one cookie", async () => {
    const safe = createSafeSession({ config: testConfig(), updates, env: {}, maxCookieChunks: 3 });
    const { headers } = await safe.updateSession(await signedIn(), { notes: "n".repeat(5000) });
    const set = headers.getSetCookie();
    const written = (expired: boolean) =>
      set.filter((c) => c.includes("Max-Age=0") === expired).map((c) => c.split("=")[0]);
    expect(written(false)).toEqual(["authjs.session-token.0", "authjs.session-token.1"]);
    expect(written(true).sort()).toEqual(["authjs.session-token", "authjs.session-token.2"]);
    const jar = set
      .filter((c) => !c.includes("Max-Age=0"))
      .map((c) => c.split(";")[0])
      .join("; ");
    const chunked = new Request(`${ORIGIN}/x`, { headers: { cookie: jar } });
    expect((await safe.getSession(chunked))?.notes).toHaveLength(5000);
    const shrunk = await safe.updateSession(new Request(`${ORIGIN}/y`, { headers: { cookie: jar } }), { notes: null });
    const names = shrunk.headers.getSetCookie().map((c) => [c.split("=")[0], c.includes("Max-Age=0")]);
    expect(names).toEqual([
      ["authjs.session-token", false],
      ["authjs.session-token.0", true],
      ["authjs.session-token.1", true],
      ["authjs.session-token.2", true],
    ]);
  });
});

const signedInWithFixtureCookie = async () =>
  new Request(`${ORIGIN}/x`, { headers: { cookie: await sessionCookie() } });

describe("what a hook's failure logs", () => {
  test.each([
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
    await safe.updateSession(await signedInWithFixtureCookie(), { selectedCompanyId: "acme" });
    expect(error.mock.calls.map(([logged]) => (logged as Error).message)).toEqual([
      `safe-session: an event hook threw (${named})`,
    ]);
  });

  test("hooks that return normally log nothing; an app without onUpdate logs nothing on an accepted update", async () => {
    const error = vi.fn();
    const onUpdate = vi.fn(() => undefined);
    const quiet = createTestSession({ config: { ...testConfig(), logger: { error } }, events: { onUpdate } });
    await quiet.updateSession(await signedInWithFixtureCookie(), { selectedCompanyId: "acme", name: "Al" });
    expect(onUpdate).toHaveBeenCalledTimes(2);
    const onReject = vi.fn();
    const rejectOnly = createTestSession({ config: { ...testConfig(), logger: { error } }, events: { onReject } });
    const { session } = await rejectOnly.updateSession(await signedInWithFixtureCookie(), {
      selectedCompanyId: "acme",
    });
    expect(session.selectedCompanyId).toBe("acme");
    expect(onReject).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(error).not.toHaveBeenCalled();
  });
});

describe("onReject is for the contract's refusals only", () => {
  test("an app's own error thrown during updateSession (its jwt callback) is rethrown as it is, and no onReject runs", async () => {
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
    await expect(safe.updateSession(await signedInWithFixtureCookie(), { selectedCompanyId: "acme" })).rejects.toBe(
      appError,
    );
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(onReject).not.toHaveBeenCalled();
  });
});

describe("onReject after the request's session was read", () => {
  test("an update refused after getSession on the same request: onReject names the user of that read", async () => {
    const onReject = vi.fn();
    const safe = createTestSession({ events: { onReject } });
    const request = await signedIn();
    expect((await safe.getSession(request))?.user?.email).toBe("alice@example.com");
    await expect(safe.updateSession(request, { notAField: "x" } as never)).rejects.toMatchObject({
      code: "UNKNOWN_FIELD",
    });
    expect(onReject).toHaveBeenCalledTimes(1);
    expect(onReject).toHaveBeenCalledWith(expect.objectContaining({ code: "UNKNOWN_FIELD", userId: "alice" }));
  });
});

describe("onReject when the refusal came before a session could be read", () => {
  test("the store is down: 503 UNAVAILABLE, onReject without a user", async () => {
    const down = downStore();
    const onReject = vi.fn();
    const safe = createTestSession({ store: down, events: { onReject } });
    const response = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }));
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("UNAVAILABLE");
    expect(onReject).toHaveBeenCalledTimes(1);
    expect(onReject).toHaveBeenCalledWith(expect.objectContaining({ code: "UNAVAILABLE", userId: undefined }));
  });

  test("the config cannot be built: a refused method is still 405, and a throwing onReject changes nothing", async () => {
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

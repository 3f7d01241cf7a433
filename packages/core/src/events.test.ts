import { encode as stockEncode } from "@auth/core/jwt";
import { describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { ORIGIN, SECRET, createTestSession, testConfig } from "../test/fixture.js";
import { createSafeSession } from "./create-safe-session.js";
import { defineUpdates } from "./define-updates.js";

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

import { encode as stockEncode } from "@auth/core/jwt";
import { describe, expect, test } from "vitest";
import { ORIGIN, SECRET, createTestSession } from "../test/fixture.js";
import { postSessionUpdate } from "./client.js";
import type { SafeSession } from "./types.js";
import type { UpdateDefinitions } from "./define-updates.js";

const SALT = "authjs.session-token";

/** A page's `fetch`: relative URLs, one cookie jar, answers from the handler. */
async function browser(safe: SafeSession<UpdateDefinitions>) {
  const jar = new Map<string, string>();
  jar.set(
    SALT,
    await stockEncode({
      token: { sub: "alice", email: "alice@example.com", sid: crypto.randomUUID() },
      secret: SECRET,
      salt: SALT,
    }),
  );
  const log: string[] = [];
  const fetcher = (async (input: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    log.push(`${init.method ?? "GET"} ${input} start`);
    const response = await safe.handler(new Request(`${ORIGIN}${input}`, { ...init, headers }));
    log.push(`${init.method ?? "GET"} ${input} end`);
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const [name = "", value = ""] = pair.split("=");
      if (value && !line.includes("Max-Age=0")) jar.set(name, value);
      else jar.delete(name);
    }
    return response;
  }) as typeof fetch;
  return { fetcher, log, jar };
}

describe("client updates", () => {
  test("updates from one page run one at a time, in order", async () => {
    const safe = createTestSession({ rateLimit: false });
    const { fetcher, log } = await browser(safe);
    const options = { basePath: "/auth", fetch: fetcher };
    const results = await Promise.all([
      postSessionUpdate<{ selectedCompanyId?: string }>({ selectedCompanyId: "acme" }, options),
      postSessionUpdate<{ selectedCompanyId?: string }>({ selectedCompanyId: "globex" }, options),
    ]);
    expect(results.map((s) => s.selectedCompanyId)).toEqual(["acme", "globex"]);
    const posts = log.filter((line) => line.startsWith("POST"));
    expect(posts).toEqual([
      "POST /auth/session start",
      "POST /auth/session end",
      "POST /auth/session start",
      "POST /auth/session end",
    ]);
    expect((await (await fetcher("/auth/session")).json()).selectedCompanyId).toBe("globex");
  });

  test("a refusal throws its code; the queue goes on", async () => {
    const safe = createTestSession({ rateLimit: false });
    const { fetcher } = await browser(safe);
    const options = { basePath: "/auth", fetch: fetcher };
    const refused = postSessionUpdate({ selectedCompanyId: "initech" }, options);
    const next = postSessionUpdate<{ selectedCompanyId?: string }>({ selectedCompanyId: "acme" }, options);
    await expect(refused).rejects.toMatchObject({
      name: "SafeSessionError",
      code: "FORBIDDEN",
      field: "selectedCompanyId",
    });
    expect((await next).selectedCompanyId).toBe("acme");
  });

  test("a 409 from another tab's update re-reads the session and tries once more", async () => {
    const safe = createTestSession({ rateLimit: false });
    const tab = await browser(safe);
    const other = await browser(safe);
    other.jar.set(SALT, tab.jar.get(SALT) as string); // the same browser session
    await postSessionUpdate({ selectedCompanyId: "acme" }, { basePath: "/auth", fetch: tab.fetcher });
    other.jar.set(SALT, tab.jar.get(SALT) as string);
    // Both tabs send an update based on the same revision; the store lets only one through.
    const [a, b] = await Promise.all([
      postSessionUpdate<{ selectedCompanyId?: string }>(
        { selectedCompanyId: "globex" },
        { basePath: "/auth", fetch: tab.fetcher },
      ),
      postSessionUpdate<{ selectedCompanyId?: string }>(
        { selectedCompanyId: null },
        { basePath: "/auth", fetch: other.fetcher },
      ),
    ]);
    expect([a.selectedCompanyId, b.selectedCompanyId]).toContain(undefined);
    expect([...tab.log, ...other.log].filter((l) => l === "GET /auth/session end").length).toBeGreaterThanOrEqual(1);
  });
});

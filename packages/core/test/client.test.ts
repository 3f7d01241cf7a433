import { encode as stockEncode } from "@auth/core/jwt";
import { describe, expect, test, afterEach, vi } from "vitest";
import { ORIGIN, SECRET, createTestSession } from "./support/fixture.js";
import { postSessionUpdate, SafeSessionError, isSafeSessionError } from "../src/client.js";
import type { SafeSession } from "../src/types.js";
import type { UpdateDefinitions } from "../src/define-updates.js";

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

// What the browser helper sends and how it reads answers, against a scripted `fetch`: the stock
// Auth.js client's requests (`GET /csrf`, then `POST /session` with `{ csrfToken, data }`).

interface Sent {
  url: string;
  init: RequestInit;
}

/** A `fetch` that records each request and answers from `answers` in turn (`/csrf` always gets a token). */
function scripted(answers: (() => Response)[]) {
  const sent: Sent[] = [];
  const queue = [...answers];
  const send = (async (url: string, init: RequestInit = {}) => {
    sent.push({ url, init });
    if (url.endsWith("/csrf")) return Response.json({ csrfToken: "token-1" });
    const next = queue.shift();
    if (!next) throw new Error(`unexpected request ${init.method ?? "GET"} ${url}`);
    return next();
  }) as typeof fetch;
  return { send, sent };
}

const error =
  (status: number, code: string, extra: Record<string, unknown> = {}) =>
  () =>
    Response.json({ error: { code, message: `${code} message`, ...extra } }, { status });

describe("the requests it sends", () => {
  test("GET csrf, then POST session as the stock client: same-origin credentials, no cache, JSON both ways", async () => {
    const { send, sent } = scripted([() => Response.json({ user: { name: "Al" } })]);
    const session = await postSessionUpdate({ name: "Al" }, { basePath: "/api/auth/", fetch: send });
    expect(session).toEqual({ user: { name: "Al" } });
    expect(sent.map((s) => `${s.init.method ?? "GET"} ${s.url}`)).toEqual([
      "GET /api/auth/csrf",
      "POST /api/auth/session",
    ]);
    const [csrf, post] = sent as [Sent, Sent];
    expect(csrf.init).toMatchObject({
      credentials: "same-origin",
      cache: "no-store",
      headers: { accept: "application/json" },
    });
    expect(post.init).toMatchObject({
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "content-type": "application/json", accept: "application/json" },
    });
    expect(JSON.parse(post.init.body as string)).toEqual({ csrfToken: "token-1", data: { name: "Al" } });
  });

  test("without a fetch option it uses the page's global fetch", async () => {
    const { send, sent } = scripted([() => Response.json({ ok: 1 })]);
    vi.stubGlobal("fetch", send);
    expect(await postSessionUpdate({ name: "Al" }, { basePath: "/auth" })).toEqual({ ok: 1 });
    expect(sent.map((s) => s.url)).toEqual(["/auth/csrf", "/auth/session"]);
  });

  afterEach(() => vi.unstubAllGlobals());
});

describe("how it reads refusals", () => {
  test("a contract error throws SafeSessionError with code, message and field", async () => {
    const { send } = scripted([error(400, "INVALID_VALUE", { field: "name" })]);
    const refusal = await postSessionUpdate({ name: "" }, { basePath: "/auth", fetch: send }).catch((e: unknown) => e);
    expect(isSafeSessionError(refusal)).toBe(true);
    expect(refusal).toMatchObject({
      code: "INVALID_VALUE",
      status: 400,
      message: "INVALID_VALUE message",
      field: "name",
    });
  });

  test.each([
    ["a body that is not JSON", () => new Response("<html>Bad gateway</html>", { status: 502 }), 502],
    ["JSON that is no contract error", () => Response.json({ message: "nope" }, { status: 500 }), 500],
  ])("%s: a plain Error naming the HTTP status", async (_, answer, status) => {
    const { send } = scripted([answer]);
    const refusal = await postSessionUpdate({ name: "Al" }, { basePath: "/auth", fetch: send }).catch(
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(Error);
    expect(refusal).not.toBeInstanceOf(SafeSessionError);
    expect((refusal as Error).message).toBe(`safe-session: the session update failed with HTTP ${status}`);
  });

  test("a 409 re-reads the session and tries once more", async () => {
    const reread = vi.fn(() => new Response("{}"));
    const { send, sent } = scripted([error(409, "CONFLICT"), reread, () => Response.json({ name: "Al" })]);
    expect(await postSessionUpdate({ name: "Al" }, { basePath: "/auth", fetch: send })).toEqual({ name: "Al" });
    expect(sent.map((s) => `${s.init.method ?? "GET"} ${s.url}`)).toEqual([
      "GET /auth/csrf",
      "POST /auth/session",
      "GET /auth/session",
      "GET /auth/csrf",
      "POST /auth/session",
    ]);
    expect(reread).toHaveBeenCalledTimes(1);
  });

  test("a second 409 throws CONFLICT: it tries once more, not forever (a re-read without a body is fine)", async () => {
    const { send, sent } = scripted([
      error(409, "CONFLICT"),
      () => new Response(null, { status: 204 }),
      error(409, "CONFLICT"),
    ]);
    await expect(postSessionUpdate({ name: "Al" }, { basePath: "/auth", fetch: send })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(sent.filter((s) => s.init.method === "POST")).toHaveLength(2);
  });

  test("a 2xx answer without JSON resolves to null, as a session endpoint's no-session answer", async () => {
    const { send } = scripted([() => new Response(null, { status: 200 })]);
    expect(await postSessionUpdate({ name: "Al" }, { basePath: "/auth", fetch: send })).toBeNull();
  });

  test("another refusal is not retried", async () => {
    const { send, sent } = scripted([error(403, "FORBIDDEN")]);
    await expect(postSessionUpdate({ name: "Al" }, { basePath: "/auth", fetch: send })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(sent).toHaveLength(2);
  });
});

describe("one page's updates run one at a time", () => {
  test("the second update starts only when the first has answered, even when the first fails", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const order: string[] = [];
    const send = (async (url: string, init: RequestInit = {}) => {
      if (url.endsWith("/csrf")) return Response.json({ csrfToken: "t" });
      const { data } = JSON.parse(init.body as string) as { data: { name: string } };
      order.push(`start ${data.name}`);
      if (data.name === "first") await gate;
      order.push(`end ${data.name}`);
      return data.name === "first" ? error(403, "FORBIDDEN")() : Response.json({ name: data.name });
    }) as typeof fetch;
    const first = postSessionUpdate({ name: "first" }, { basePath: "/auth", fetch: send });
    const second = postSessionUpdate({ name: "second" }, { basePath: "/auth", fetch: send });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(["start first"]);
    release();
    await expect(first).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await second).toEqual({ name: "second" });
    expect(order).toEqual(["start first", "end first", "start second", "end second"]);
  });
});

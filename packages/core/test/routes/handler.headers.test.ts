import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ORIGIN, createTestSession } from "../support/fixture.js";
import { csrfPair, sessionCookie, updateRequest } from "../support/signed-in.js";

const json = async (response: Response) => (await response.json()) as Record<string, unknown> | null;

describe("Content-Length, as every real client sends it", () => {
  test("an update whose body declares its true length is applied", async () => {
    const safe = createTestSession();
    const body = JSON.stringify({ csrfToken: csrfPair().token, data: { selectedCompanyId: "acme" } });
    const request = await updateRequest(null, { headers: { "content-length": String(Buffer.byteLength(body)) } });
    const response = await safe.handler(new Request(request, { body }));
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ selectedCompanyId: "acme" });
  });

  test("a body of exactly maxBodyBytes is read, declared or streamed; one byte more is 413", async () => {
    const body = JSON.stringify({ csrfToken: csrfPair().token, data: { selectedCompanyId: "acme" } });
    const limit = Buffer.byteLength(body);
    const safe = createTestSession({ maxBodyBytes: limit });
    const declared = await updateRequest(null, { headers: { "content-length": String(limit) } });
    expect((await safe.handler(new Request(declared, { body }))).status).toBe(200);
    const streamed = await updateRequest(null);
    expect((await safe.handler(new Request(streamed, { body }))).status).toBe(200);

    const over = `${body} `;
    const tooLarge = await safe.handler(new Request(streamed, { body: over }));
    expect(tooLarge.status).toBe(413);
    expect(await json(tooLarge)).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  });

  test("a declared length over the limit is 413 whatever the body, and the session is unchanged", async () => {
    const safe = createTestSession({ maxBodyBytes: 1024 });
    const request = await updateRequest({ selectedCompanyId: "acme" }, { headers: { "content-length": "1025" } });
    const response = await safe.handler(request);
    expect(response.status).toBe(413);
    expect(await json(response)).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
    expect(response.headers.getSetCookie().filter((line) => line.startsWith("authjs.session-token"))).toEqual([]);
  });

  test("an update POST with no body at all is 400 BAD_REQUEST, never a 5xx", async () => {
    const safe = createTestSession();
    const { cookie } = csrfPair();
    const request = new Request(`${ORIGIN}/auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, cookie: `${await sessionCookie()}; ${cookie}` },
    });
    const response = await safe.handler(request);
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ error: { code: "BAD_REQUEST" } });
  });
});

describe("caching", () => {
  test("session JSON is private and never stored: reads, updates and the CSRF token", async () => {
    const safe = createTestSession();
    const read = await safe.handler(
      new Request(`${ORIGIN}/auth/session`, { headers: { cookie: await sessionCookie() } }),
    );
    const update = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }));
    const anonymous = await safe.handler(new Request(`${ORIGIN}/auth/session`));
    const csrf = await safe.handler(new Request(`${ORIGIN}/auth/csrf`));
    for (const response of [read, update, anonymous, csrf]) {
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(response.headers.get("cache-control")).toBe("private, no-cache, no-store");
      // As Auth.js answers, for caches that predate Cache-Control.
      expect(response.headers.get("expires")).toBe("0");
      expect(response.headers.get("pragma")).toBe("no-cache");
    }
  });

  test("a refusal is never stored either", async () => {
    const safe = createTestSession();
    const response = await safe.handler(await updateRequest({ role: "admin" }));
    expect(response.status).toBe(400);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

/** The handler behind a real Node HTTP server: the body and its headers arrive as a client sent them. */
function serve(handler: (request: Request) => Promise<Response>): Server {
  return createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`${ORIGIN}${req.url}`, {
      method: req.method ?? "GET",
      headers,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
    } as RequestInit);
    const response = await handler(request);
    res.statusCode = response.status;
    for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
    res.setHeader("set-cookie", response.headers.getSetCookie());
    res.end(Buffer.from(await response.arrayBuffer()));
  });
}

describe("over real HTTP", () => {
  const safe = createTestSession({ maxBodyBytes: 1024 });
  const server = serve(safe.handler);
  let base = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = async (body: string) => {
    const { cookie } = csrfPair();
    return fetch(`${base}/auth/session`, {
      method: "POST",
      // The app's origin here is the server's own (trustHost: the Host header).
      headers: { "content-type": "application/json", origin: base, cookie: `${await sessionCookie()}; ${cookie}` },
      body,
    });
  };

  test("fetch sends Content-Length; a normal update passes and answers uncacheable JSON", async () => {
    const response = await post(JSON.stringify({ csrfToken: csrfPair().token, data: { selectedCompanyId: "globex" } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-cache, no-store");
    expect(await json(response)).toMatchObject({ selectedCompanyId: "globex" });
  });

  test("an oversize body is 413 PAYLOAD_TOO_LARGE", async () => {
    const response = await post(JSON.stringify({ csrfToken: csrfPair().token, data: { name: "x".repeat(2000) } }));
    expect(response.status).toBe(413);
    expect(await json(response)).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  });

  test("an empty body is 400 BAD_REQUEST", async () => {
    const response = await post("");
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ error: { code: "BAD_REQUEST" } });
  });
});

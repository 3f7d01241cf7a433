import { describe, expect, test } from "vitest";
import { ORIGIN, createTestSession, testConfig, testUpdates } from "../support/fixture.js";
import { updateRequest } from "../support/signed-in.js";
import { createSafeSession } from "../../src/index.js";

// An early refusal of a request whose body was not read to its end: a kept-alive server would
// read the rest as the next request, so the answer either drains it (up to 2 MiB) or closes.
const DRAIN_BYTES = 2 * 1024 * 1024;

const wrongType = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request(`${ORIGIN}/auth/session`, {
    method: "POST",
    headers: { "content-type": "text/plain", origin: ORIGIN, ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);

describe("Connection: close on early refusals", () => {
  test("a refusal of a request without a body keeps the connection", async () => {
    const safe = createTestSession();
    const noBody = await safe.handler(
      new Request(`${ORIGIN}/auth/session`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: ORIGIN },
      }),
    );
    expect(noBody.status).toBe(400);
    expect(noBody.headers.get("connection")).toBeNull();
    const put = await safe.handler(new Request(`${ORIGIN}/auth/session`, { method: "PUT" }));
    expect(put.status).toBe(405);
    expect(put.headers.get("connection")).toBeNull();
  });

  test("a refusal after the body was read keeps the connection", async () => {
    const response = await createTestSession().handler(await updateRequest({ role: "admin" }));
    expect(response.status).toBe(400);
    expect(response.headers.get("connection")).toBeNull();
  });

  test("an unread body of exactly 2 MiB is drained: the connection is kept", async () => {
    const body = new Uint8Array(DRAIN_BYTES).fill(0x20);
    const response = await createTestSession().handler(wrongType(body, { "content-length": String(DRAIN_BYTES) }));
    expect(response.status).toBe(415);
    expect(response.headers.get("connection")).toBeNull();
  });

  test("an unread body over 2 MiB, declared or streamed, closes the connection", async () => {
    const safe = createTestSession();
    const declared = await safe.handler(wrongType("x", { "content-length": String(DRAIN_BYTES + 1) }));
    expect(declared.status).toBe(415);
    expect(declared.headers.get("connection")).toBe("close");
    const streamed = await safe.handler(wrongType(new Uint8Array(DRAIN_BYTES + 1)));
    expect(streamed.headers.get("connection")).toBe("close");
  });

  // adapter-node errors the stream when Content-Length passes its own limit, before reading a
  // byte: Node then discards the unread bytes itself and keeps the connection. A close here made
  // Node destroy the socket while the client was still sending (EPIPE on the client).
  test("a body whose stream fails (the server in front refused it) is left to that server: no Connection: close", async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("client went away"));
      },
    });
    const response = await createTestSession().handler(wrongType(failing));
    expect(response.status).toBe(415);
    expect(response.headers.get("connection")).toBeNull();
  });
});

describe("an early answer leaves the connection usable: the rest of the body is drained, within a bound, else it closes", () => {
  const post = (body: BodyInit, headers: Record<string, string>) =>
    new Request(`${ORIGIN}/auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
      duplex: "half",
    } as RequestInit);
  /** A body that reports how much of it was read. */
  const counted = (bytes: number) => {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes) return controller.close();
        const next = chunk.subarray(0, Math.min(chunk.byteLength, bytes - sent));
        sent += next.byteLength;
        controller.enqueue(next);
      },
    });
    return { stream, read: () => sent };
  };

  test.each([
    ["413, a body past the limit", 1024 * 1024, {}, 413],
    ["413, a declared Content-Length past the limit", 100_000, { "content-length": "100000" }, 413],
    ["403, another site's origin", 100_000, { origin: "https://evil.example" }, 403],
    ["415, not JSON", 100_000, { "content-type": "text/plain" }, 415],
  ])("%s: drained, no Connection: close", async (_, bytes, headers, status) => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates() });
    const body = counted(bytes);
    const response = await safe.handler(post(body.stream, headers));
    expect(response.status).toBe(status);
    expect(body.read()).toBe(bytes);
    expect(response.headers.get("connection")).toBeNull();
  });

  test("a body past the drain bound is left, and the answer closes the connection", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates() });
    const body = counted(8 * 1024 * 1024);
    const response = await safe.handler(post(body.stream, {}));
    expect(response.status).toBe(413);
    expect(body.read()).toBeLessThan(8 * 1024 * 1024);
    expect(response.headers.get("connection")).toBe("close");
  });

  test("a declared size past the bound is not read at all", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates() });
    const body = counted(64 * 1024);
    const response = await safe.handler(post(body.stream, { "content-length": String(16 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
  });
});

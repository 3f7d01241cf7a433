import { SafeSessionError } from "../errors.js";

// Reading a request's body as `Auth()` reads it, or refusing it; and the JSON answers.

/** `true` when the media type's essence is `application/json` (and any charset is UTF-8). */
export function isJsonMediaType(header: string | null): boolean {
  if (!header) return false;
  // `split` always returns at least one element.
  const [essence, ...params] = header.split(";") as [string, ...string[]];
  if (essence.trim().toLowerCase() !== "application/json") return false;
  for (const param of params) {
    const eq = param.indexOf("=");
    if (eq === -1) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== "charset") continue;
    const charset = param
      .slice(eq + 1)
      .trim()
      .replace(/^"|"$/g, "")
      .toLowerCase();
    if (charset !== "utf-8" && charset !== "utf8") return false;
  }
  return true;
}

// Requests whose body was read to its end. A server that keeps the connection alive reads an
// unread rest of a body as the next request (remix-serve answers that one with ECONNRESET), so
// an early answer first drains what is left, up to a bound; past it, the answer closes.
const readToEnd = new WeakSet<Request>();

/** What an early answer still reads of a body it refuses, to keep the connection usable. */
const DRAIN_BYTES = 2 * 1024 * 1024;

/**
 * Reads and discards what is left of a body the answer will not use, up to `DRAIN_BYTES`.
 * `false` when some of it is still unread (too large, or already taken by a reader): the answer
 * should then carry `Connection: close`.
 */
export async function settleBody(request: Request): Promise<boolean> {
  const body = request.body;
  if (body === null || readToEnd.has(request)) return true;
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (request.bodyUsed || !(declared <= DRAIN_BYTES)) return false;
  // A request is settled once (its answer is then sent), so what is drained here is not marked.
  return drain(body.getReader(), DRAIN_BYTES);
}

/**
 * `true` when the body was read to its end, or when the stream fails: then the server in front
 * refused the body itself (adapter-node errors it when `Content-Length` passes its own limit,
 * before reading a byte) and still owns the socket. Node then discards the unread bytes after the
 * answer (`req._dump()`) and keeps the connection; a `Connection: close` instead makes it destroy
 * the socket while the client is still sending, and the client fails with `EPIPE` before it
 * reads the answer.
 */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<boolean> {
  try {
    for (let left = budget; ; ) {
      const { done, value } = await reader.read();
      if (done) return true;
      left -= value.byteLength;
      if (left < 0) break;
    }
  } catch {
    return true;
  }
  reader.cancel().catch(() => {});
  return false;
}

/** Reads the body as UTF-8 text, refusing it as soon as it passes `limit` bytes. */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  const tooLarge = () => new SafeSessionError("PAYLOAD_TOO_LARGE", `The request body is larger than ${limit} bytes`);
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge();
  const body = request.body;
  if (body === null) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Refused, but the rest is read (within the bound) so the connection stays usable.
      if (await drain(reader, DRAIN_BYTES)) readToEnd.add(request);
      throw tooLarge();
    }
    chunks.push(value);
  }
  readToEnd.add(request);
  const bytes = chunks.length === 1 ? (chunks[0] as Uint8Array) : concat(chunks, size);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SafeSessionError("BAD_REQUEST", "The request body is not valid UTF-8");
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** A JSON object, neither an array nor `null`. (Objects from `JSON.parse` all have `Object.prototype`.) */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The body of an update: `{ csrfToken?, data }`, parsed without ever touching a prototype. */
export function parseUpdateBody(text: string): { csrfToken: unknown; data: Record<string, unknown> } {
  let body: unknown;
  try {
    // JSON.parse defines "__proto__" as an own property; it never sets a prototype.
    body = JSON.parse(text);
  } catch {
    throw new SafeSessionError("BAD_REQUEST", "The request body is not valid JSON");
  }
  if (!isJsonObject(body)) {
    throw new SafeSessionError("BAD_REQUEST", "The request body must be a JSON object");
  }
  const data = Object.hasOwn(body, "data") ? body.data : undefined;
  if (!isJsonObject(data)) {
    throw new SafeSessionError("BAD_REQUEST", "`data` must be a JSON object of fields to update");
  }
  return { csrfToken: Object.hasOwn(body, "csrfToken") ? body.csrfToken : undefined, data };
}

/** A JSON answer with Auth.js's no-cache headers. */
export function jsonResponse(body: unknown, init: { status?: number; headers?: Headers } = {}) {
  const headers = init.headers ?? new Headers();
  headers.set("content-type", "application/json");
  // Auth.js's session headers, for caches that predate Cache-Control too.
  headers.set("cache-control", "private, no-cache, no-store");
  headers.set("expires", "0");
  headers.set("pragma", "no-cache");
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

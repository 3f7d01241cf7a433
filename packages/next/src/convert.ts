/** Conversions between Next.js's request/response shapes and Web `Request`/`Response`. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { formFields, forwardedOrigin, parseCookies } from "@safe-session/core/binding";
import { pagePath } from "./url-fields.js";

/** A Node request as a Pages Router API route receives it; `body` is set when Next's body parser ran. */
export type NodeRequest = IncomingMessage & { body?: unknown };

type HeaderSource = Headers | Pick<Headers, "get" | "forEach">;

/**
 * `proto://host`, from the forwarded headers Next sets on every request, else `Host`. (Not core's
 * app origin, which also weighs `AUTH_URL` and `trustHost`: this only builds the request's URL.)
 */
export function originFromHeaders(headers: Pick<Headers, "get">, fallbackProto = "http"): string {
  return forwardedOrigin(headers, fallbackProto) ?? `${fallbackProto}://localhost`;
}

/**
 * The Web Request behind a server component or server action, built from `headers()`.
 * `cookies` (from `cookies().getAll()`) replaces the `Cookie` header because it reflects what
 * a server action just set, so the render after an update reads the new session.
 */
export function requestFromHeaders(headers: HeaderSource, cookies: { name: string; value: string }[]): Request {
  const copy = new Headers();
  headers.forEach((value, name) => {
    if (!BODY_HEADERS.has(name)) copy.set(name, value);
  });
  // Next's cookie store keeps the last of duplicate names; Auth.js and core read the first. A
  // cookie the action did not set keeps the request's first value, so every entry point agrees.
  const sent = headers.get("cookie");
  const first = parseCookies(sent);
  const last = lastCookies(sent);
  copy.delete("cookie");
  if (cookies.length > 0) {
    const values = cookies.map(({ name, value }) => {
      const read = value === last[name] && first[name] !== undefined ? first[name] : value;
      return `${name}=${encodeURIComponent(read)}`;
    });
    copy.set("cookie", values.join("; "));
  }
  // The page's path, from the proxy (`urlFields`): a server component is handed no URL.
  return new Request(`${originFromHeaders(headers)}${pagePath(headers)}`, { headers: copy });
}

// The built request has no body; these would describe the server action's body.
const BODY_HEADERS = new Set(["content-length", "content-type", "transfer-encoding", "content-encoding"]);

/** The `Cookie` header as Next's own cookie store reads it: the last value of a name wins. */
function lastCookies(header: string | null): Record<string, string> {
  // Core reads the first of each name; read from the other end, the first is the last.
  return parseCookies(header === null ? null : header.split(";").reverse().join(";"));
}

/**
 * The fields of a form a server action received, for `signIn`: core's reading (strings, the first
 * value of a name) without the `$ACTION…` fields Next adds to a progressively enhanced form.
 */
export function actionFormFields(form: FormData): Record<string, string> {
  const fields = formFields(form);
  for (const name of Object.keys(fields)) if (name.startsWith("$ACTION")) delete fields[name];
  return fields;
}

/**
 * A Pages Router request as a Web Request. The body streams through untouched, so core's
 * size limit and JSON checks see the client's bytes: turn Next's body parser off for the route.
 * When it ran anyway, its parsed body is serialised back.
 */
export function toWebRequest(req: NodeRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const url = `${originFromHeaders(headers, encrypted ? "https" : "http")}${req.url ?? "/"}`;
  const method = req.method ?? "GET";
  if (method === "GET" || method === "HEAD") return new Request(url, { method, headers });
  let body: BodyInit;
  if (req.body === undefined) body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
  else {
    headers.delete("content-length");
    body = parsedBody(req.body, headers.get("content-type"));
  }
  return new Request(url, { method, headers, body, duplex: "half" } as RequestInit);
}

function parsedBody(body: unknown, contentType: string | null): string | Blob {
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return new Blob([body as Uint8Array<ArrayBuffer>]);
  if (/^application\/x-www-form-urlencoded/i.test(contentType ?? "") && typeof body === "object" && body !== null) {
    return new URLSearchParams(body as Record<string, string>).toString();
  }
  return JSON.stringify(body ?? null);
}

/** Writes a Web Response to a Node response; every cookie is its own `Set-Cookie` header. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** The request without its body (read as a GET), so an API route can still read its own. */
export function withoutBody(req: NodeRequest): Request {
  return toWebRequest(Object.assign(Object.create(req) as NodeRequest, { method: "GET" }));
}

/** Adds cookies to a Node response, after any `Set-Cookie` the page or route set already. */
export function appendSetCookies(res: ServerResponse, cookies: readonly string[]): void {
  const previous = res.getHeader("set-cookie");
  const lines = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  res.setHeader("set-cookie", [...lines, ...cookies]);
}

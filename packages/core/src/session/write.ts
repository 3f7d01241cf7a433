import type { JWT } from "@auth/core/jwt";
import {
  CHUNK_SIZE,
  type Cookie,
  type CookieOptions,
  chunkCookies,
  expiredCookie,
  serializeCookie,
} from "../http/cookies.js";
import { SafeSessionError } from "../errors.js";
import type { ConfigContext, SessionView } from "../config/types.js";
import type { Runtime } from "../config/runtime.js";
import { buildSession } from "./build-session.js";
import { SESSION_ID_CLAIM } from "../claims.js";
import { sessionIdOf } from "../claims.js";

/** Re-encodes a token on a read (a refresh, a revalidation, the app's `jwt` callback changed it). */
export async function writeToken(rt: Runtime, ctx: ConfigContext, token: JWT, present: string[]): Promise<SessionView> {
  return finishWrite(rt, ctx, token, present, await encodeToken(rt, ctx, token));
}

/** Encodes an updated token, refused with `SESSION_TOO_LARGE` past the cookie budget (step 12). */
export async function encodeUpdatedToken(rt: Runtime, ctx: ConfigContext, token: JWT): Promise<string> {
  const encoded = await encodeToken(rt, ctx, token);
  if (Math.ceil(encoded.length / CHUNK_SIZE) > rt.maxChunks) {
    throw new SafeSessionError("SESSION_TOO_LARGE", `The session would need more than ${rt.maxChunks} cookies`);
  }
  return encoded;
}

async function encodeToken(rt: Runtime, ctx: ConfigContext, token: JWT): Promise<string> {
  for (const field of rt.fieldNames) if (token[field] === null) delete token[field];
  if (sessionIdOf(token) === undefined) token[SESSION_ID_CLAIM] = crypto.randomUUID();
  return ctx.encode({ token, secret: ctx.secrets, salt: ctx.session.name, maxAge: ctx.maxAge });
}

/** The cookies and session of an encoded token. */
export async function finishWrite(
  rt: Runtime,
  ctx: ConfigContext,
  token: JWT,
  present: string[],
  encoded: string,
): Promise<SessionView> {
  // Auth.js's `expires`: now plus maxAge, to the millisecond.
  const expires = new Date(Date.now() + ctx.maxAge * 1000);
  // Every chunk name the budget allows is expired unless written, not only those this request
  // carried: whichever response the browser applies last then leaves exactly one token behind.
  const known = sessionCookieNames(ctx.session.name, rt.maxChunks);
  const names = present.every((name) => known.includes(name)) ? known : [...new Set([...known, ...present])];
  const cookies = chunkCookies(ctx.session.name, encoded, { ...ctx.session.options, expires }, names, (name) =>
    expiredSessionCookie(ctx, name),
  );
  const session = await buildSession(rt, ctx, token, expires);
  return { ctx, token, present, cookies, session };
}

/** No session: the cookies named in `expire` (a bad, revoked or ended token) are expired. */
export function signedOut(ctx: ConfigContext, present: string[], expire: readonly string[] = present): SessionView {
  return { ctx, token: null, present, cookies: expire.map((name) => expiredSessionCookie(ctx, name)), session: null };
}

export function cookieHeaders(cookies: readonly Cookie[]): Headers {
  const headers = new Headers();
  for (const cookie of cookies) headers.append("set-cookie", serialized(cookie));
  return headers;
}

// Expiring chunk cookies is the same few lines on every write: each is built and serialized once.
const expiredByContext = new WeakMap<object, Map<string, Cookie>>();
const serializedCookies = new WeakMap<Cookie, string>();

function expiredSessionCookie(ctx: { session: { options: CookieOptions } }, name: string): Cookie {
  let byName = expiredByContext.get(ctx);
  if (byName === undefined) expiredByContext.set(ctx, (byName = new Map()));
  let cookie = byName.get(name);
  if (cookie === undefined) byName.set(name, (cookie = expiredCookie(name, ctx.session.options)));
  return cookie;
}

function serialized(cookie: Cookie): string {
  let line = serializedCookies.get(cookie);
  if (line === undefined) serializedCookies.set(cookie, (line = serializeCookie(cookie)));
  return line;
}

const cookieNameLists = new Map<string, string[]>();

/** The session cookie and every chunk name the budget allows. */
function sessionCookieNames(name: string, chunks: number): string[] {
  const id = `${name}\u0000${chunks}`;
  let names = cookieNameLists.get(id);
  if (names === undefined) {
    names = [name, ...Array.from({ length: chunks }, (_, i) => `${name}.${i}`)];
    if (cookieNameLists.size < 64) cookieNameLists.set(id, names);
  }
  return names;
}

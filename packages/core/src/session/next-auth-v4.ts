import { JWTSessionError } from "@auth/core/errors";
import type { JWT } from "@auth/core/jwt";
import { jwtDecrypt } from "jose";
import { wrapCause } from "../config/check.js";
import { sha256Hex } from "../crypto/hash.js";
import { type Cookie, expiredCookie, readChunked, serializeCookie } from "../http/cookies.js";
import type { ConfigContext, SessionView } from "../config/types.js";
import { type Runtime, cookiesOf } from "../config/runtime.js";
import { nowSeconds } from "../time.js";
import { REVISION_CLAIM, SESSION_ID_CLAIM, VERIFIED_AT_CLAIM } from "../claims.js";
import type { UpdateField } from "../define-updates.js";
import { parsedValues, runAuthorize } from "../field-checks.js";
import { setVerifiedAt } from "../claims.js";

// next-auth v4's session cookie (next-auth 4.24.15, src/jwt/index.ts and core/lib/cookie.ts):
// a JWE `dir` + `A256GCM` whose key is HKDF-SHA256 of the secret with an empty salt and the info
// "NextAuth.js Generated Encryption Key", 32 bytes; chunked as `<name>.0`, `<name>.1` … when large.

/** v4's cookie names, secure first (`__Secure-` on https, the plain name elsewhere): both are read. */
export const NEXT_AUTH_V4_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

const INFO = new TextEncoder().encode("NextAuth.js Generated Encryption Key");
const keys = new Map<string, Promise<Uint8Array>>();

/** v4's key for a session token (`salt` ""), through WebCrypto so it runs on edge runtimes too. */
function v4Key(secret: string): Promise<Uint8Array> {
  let key = keys.get(secret);
  if (key === undefined) {
    key = (async () => {
      const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "HKDF", false, [
        "deriveBits",
      ]);
      const bits = await crypto.subtle.deriveBits(
        { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: INFO },
        material,
        256,
      );
      return new Uint8Array(bits);
    })();
    // A handful of secrets per app: the bound only keeps a config function's churn from growing it.
    if (keys.size >= 32) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

/** What a request's v4 cookies gave: the token to issue (or none) and the v4 cookies to expire. */
export interface NextAuthV4Read {
  token: JWT | null;
  expire: Cookie[];
}

/**
 * The next-auth v4 session of a request that carries no Auth.js session cookie, as a token to
 * re-issue; `undefined` when it carries no v4 cookie either. Every v4 cookie present is expired
 * in the answer, read or not: a cookie no secret opens now never will, and one that was read is
 * replaced by the Auth.js cookie.
 */
export async function readNextAuthV4(
  rt: Runtime,
  ctx: ConfigContext,
  request: Request,
): Promise<NextAuthV4Read | undefined> {
  const fields = rt.nextAuthV4;
  if (fields === undefined) return undefined;
  const cookies = cookiesOf(rt, request);
  const expire: Cookie[] = [];
  let value: string | undefined;
  for (const base of NEXT_AUTH_V4_COOKIES) {
    const found = readChunked(cookies, base);
    for (const name of found.names) expire.push(expiredV4Cookie(base, name));
    value ??= found.value;
  }
  if (expire.length === 0) return undefined;
  const claims = value === undefined ? null : await decryptV4(ctx, value);
  if (claims === null) return { token: null, expire };
  const token = await carryClaims(rt, ctx, request, claims, fields);
  // The session's id is the v4 cookie's own, so signing that session out (its id revoked) also
  // refuses a copy of the v4 cookie: a fresh id each time would import the copy again as a new
  // session. Two tabs importing the same cookie at once get one session, as they had before.
  token[SESSION_ID_CLAIM] = await sha256Hex(`next-auth-v4\0${value}`);
  return { token, expire };
}

/** Each secret in turn, as v4 decodes (15 s of clock tolerance); a failure is logged by name only. */
async function decryptV4(ctx: ConfigContext, value: string): Promise<Record<string, unknown> | null> {
  let failure: unknown = new Error("Invalid JWT");
  for (const secret of ctx.secrets) {
    try {
      const { payload } = await jwtDecrypt(value, await v4Key(secret), {
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256GCM"],
        clockTolerance: 15,
      });
      return payload;
    } catch (error) {
      failure = error;
    }
  }
  // A decode error may carry the token's claims: only its name and message are kept.
  const cause =
    failure instanceof Error
      ? Object.assign(new Error(failure.message), { name: failure.name })
      : new Error("Invalid JWT");
  ctx.logger.error(wrapCause(JWTSessionError, cause));
  return null;
}

/**
 * The v4 claims as an Auth.js token. Claims named like an update field or one of core's own are
 * not copied: each update field comes only from its mapped claim, through its schema and
 * `authorize` (the recipe let any client write it, so a v4 cookie proves no membership); a value
 * that fails is dropped. `iat`, `exp` and `jti` stay for the `jwt`
 * callback and the sign-out-everywhere check; encoding replaces them.
 */
async function carryClaims(
  rt: Runtime,
  ctx: ConfigContext,
  request: Request,
  claims: Record<string, unknown>,
  fields: ReadonlyMap<string, string>,
): Promise<JWT> {
  const skipped = new Set<string>([
    ...rt.fieldNames,
    ...fields.values(),
    SESSION_ID_CLAIM,
    REVISION_CLAIM,
    VERIFIED_AT_CLAIM,
    "__proto__",
  ]);
  const token: JWT = {};
  for (const [claim, value] of Object.entries(claims)) if (!skipped.has(claim)) token[claim] = value;
  const verified: Record<string, number> = {};
  for (const [field, claim] of fields) {
    const raw = claims[claim];
    if (raw === undefined || raw === null) continue;
    const value = await parsedValue(rt, field, raw);
    if (value === undefined) continue;
    const definition = rt.definitions[field] as UpdateField;
    if (!(await runAuthorize(field, definition, { value, token, request }, rt.authorizeTimeout, ctx.logger))) continue;
    token[field] = value;
    if (definition.revalidate) verified[field] = nowSeconds();
  }
  setVerifiedAt(token, verified);
  return token;
}

/** The field's schema output, or `undefined` when the value does not parse. */
async function parsedValue(rt: Runtime, field: string, raw: unknown): Promise<unknown> {
  try {
    return (await parsedValues(rt.definitions, { [field]: raw }, [field]))[field];
  } catch {
    // INVALID_VALUE, or a schema that threw: either way the value does not come across.
    return undefined;
  }
}

/**
 * Sign-out also expires the v4 cookies a request still carries, or the next read would sign their
 * user in again.
 */
export function withV4CookiesExpired(rt: Runtime, request: Request, response: Response): Response {
  if (rt.nextAuthV4 === undefined) return response;
  const cookies = cookiesOf(rt, request);
  const expire = NEXT_AUTH_V4_COOKIES.flatMap((base) =>
    readChunked(cookies, base).names.map((name) => expiredV4Cookie(base, name)),
  );
  if (expire.length === 0) return response;
  // A copy: `Response.redirect()`'s headers (Auth.js's error answer) cannot be changed.
  const answer = new Response(response.body, response);
  for (const cookie of expire) answer.headers.append("set-cookie", serializeCookie(cookie));
  return answer;
}

/** With v4's own options, so the browser matches and drops it (a `__Secure-` name needs `Secure`). */
function expiredV4Cookie(base: string, name: string): Cookie {
  return expiredCookie(name, { path: "/", httpOnly: true, sameSite: "lax", secure: base.startsWith("__Secure-") });
}

/** An update's answer on a request whose read re-issued a v4 session still expires the v4 cookies. */
export function withV4Expiry(read: SessionView, next: SessionView): SessionView {
  const expire = read.cookies.filter((cookie) =>
    NEXT_AUTH_V4_COOKIES.some((base) => cookie.name === base || cookie.name.startsWith(`${base}.`)),
  );
  return expire.length === 0 ? next : { ...next, cookies: [...next.cookies, ...expire] };
}

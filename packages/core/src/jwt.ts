import type { JWT } from "@auth/core/jwt";
import { CompactEncrypt, base64url, calculateJwkThumbprint, compactDecrypt, decodeProtectedHeader, errors } from "jose";
import { nativeCbc } from "./jwe.js";
import { DEFAULT_MAX_AGE, nowSeconds } from "./time.js";

/**
 * A token codec that reads and writes exactly what `@auth/core/jwt` `encode`/`decode` do
 * (JWE, `dir` + A256CBC-HS512, HKDF-SHA256 key per secret and salt, `kid` = JWK thumbprint),
 * but derives each key and thumbprint once per secret and salt instead of on every call,
 * and runs on jose 5, whose Node build uses `node:crypto` (its browser/worker builds are
 * picked by export conditions on edge runtimes).
 */

const ALG = "dir";
const ENC = "A256CBC-HS512";

export type Secret = string | readonly string[];

export interface EncodeParams {
  token: JWT;
  secret: Secret;
  salt: string;
  maxAge?: number;
}

export interface DecodeParams {
  token?: string | undefined;
  secret: Secret;
  salt: string;
}

interface DerivedKey {
  key: Uint8Array;
  kid: string;
}

const MAX_CACHED_KEYS = 64;
const keys = new Map<string, Promise<DerivedKey>>();
/** The same keys once derived, for the hot path to take without waiting on a promise. */
const ready = new Map<string, DerivedKey>();
const encoder = new TextEncoder();

/** Key bytes for `enc`, one of the two encryptions Auth.js reads (`headerOf` refuses the rest). */
function keyLength(enc: string): number {
  return enc === "A256GCM" ? 32 : 64;
}

async function derive(enc: string, secret: string, salt: string): Promise<DerivedKey> {
  const length = keyLength(enc);
  const material = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: encoder.encode(salt),
      info: encoder.encode(`Auth.js Generated Encryption Key (${salt})`),
    },
    material,
    length * 8,
  );
  const key = new Uint8Array(bits);
  const kid = await calculateJwkThumbprint(
    { kty: "oct", k: base64url.encode(key) },
    `sha${key.byteLength << 3}` as "sha512",
  );
  return { key, kid };
}

/** HKDF key and thumbprint for (enc, secret, salt), derived once and kept in a bounded cache. */
export function derivedKey(enc: string, secret: string, salt: string): Promise<DerivedKey> {
  const id = `${enc}\u0000${salt}\u0000${secret}`;
  let entry = keys.get(id);
  if (entry === undefined) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: the bound only limits what is cached; an evicted key is derived again, the same
    if (keys.size >= MAX_CACHED_KEYS) {
      // The cache is full, so it has an oldest entry.
      const oldest = keys.keys().next().value as string;
      keys.delete(oldest);
      ready.delete(oldest);
    }
    entry = derive(enc, secret, salt);
    entry.then(
      // Stryker disable next-line ArrowFunction,ConditionalExpression,LogicalOperator,EqualityOperator: `ready` is a shortcut; without it (or with an evicted entry in it) keys come from `keys`, the same
      (key) => keys.get(id) === entry && ready.set(id, key),
      // Stryker disable next-line ArrowFunction: deriving from a non-empty string (`secretList` checks) does not fail
      () => keys.delete(id),
    );
    keys.set(id, entry);
  }
  return entry;
}

/** The derived key without a trip through the microtask queue once it exists. */
function keyFor(enc: string, secret: string, salt: string): DerivedKey | Promise<DerivedKey> {
  // Stryker disable next-line StringLiteral: a miss in `ready` takes the same key from `derivedKey`
  return ready.get(`${enc}\u0000${salt}\u0000${secret}`) ?? derivedKey(enc, secret, salt);
}

function secretList(secret: Secret): readonly string[] {
  const list = typeof secret === "string" ? [secret] : secret;
  if (list.length === 0 || list.some((s) => typeof s !== "string" || s.length === 0)) {
    throw new Error("A secret is required to encode and decode session tokens");
  }
  return list;
}


/** Encrypts a session token with the first secret; stock `decode` reads it. */
export async function encode({ token, secret, salt, maxAge = DEFAULT_MAX_AGE }: EncodeParams) {
  const [first] = secretList(secret);
  const derived = keyFor(ENC, first as string, salt);
  const { key, kid } = derived instanceof Promise ? await derived : derived;
  // The claims `EncryptJWT` would set (iat, exp, jti), without its builder around `CompactEncrypt`.
  const now = nowSeconds();
  const claims = { ...token, iat: now, exp: now + maxAge, jti: crypto.randomUUID() };
  if (nativeCbc) return nativeCbc.encrypt(JSON.stringify(claims), key, protectedHeader(kid));
  return new CompactEncrypt(encoder.encode(JSON.stringify(claims))).setProtectedHeader({ alg: ALG, enc: ENC, kid }).encrypt(key);
}

/** The protected header jose's `CompactEncrypt` writes for a key: the same for every token. */
function protectedHeader(kid: string): string {
  return written.get(kid) ?? newHeader(kid);
}

function newHeader(kid: string): string {
  const header = base64url.encode(JSON.stringify({ alg: ALG, enc: ENC, kid }));
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the bound only limits what is cached; a header is written again, the same
  if (written.size >= MAX_CACHED_HEADERS) written.delete(written.keys().next().value as string);
  written.set(kid, header);
  return header;
}

const decryptOptions = { keyManagementAlgorithms: [ALG], contentEncryptionAlgorithms: [ENC, "A256GCM"] };

interface KeyHint {
  kid: unknown;
  enc: string;
  /** dir + A256CBC-HS512 and nothing else for jose to refuse: `nativeCbc` decrypts it where it exists (Node). */
  native: boolean;
}

const MAX_CACHED_HEADERS = 64;
/** Every token one key writes carries the same protected header: parsed once per header. */
const headers = new Map<string, KeyHint>();
const written = new Map<string, string>();

function headerOf(token: string): KeyHint {
  const dot = token.indexOf(".");
  // Stryker disable next-line UnaryOperator: only the cache key changes; a token with no dot or one dot is refused by jose either way
  const segment = dot === -1 ? token : token.slice(0, dot);
  const known = headers.get(segment);
  if (known !== undefined) return known;
  const header = decodeProtectedHeader(token);
  const { kid, enc = ENC } = header;
  if (typeof enc !== "string" || !decryptOptions.contentEncryptionAlgorithms.includes(enc)) {
    throw new errors.JOSEAlgNotAllowed('"enc" (Encryption Algorithm) Header Parameter value not allowed');
  }
  const native = header.alg === ALG && enc === ENC && !("zip" in header) && !("crit" in header);
  const hint = { kid, enc, native };
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the bound only limits what is cached; a header is parsed again, the same
  if (headers.size >= MAX_CACHED_HEADERS) headers.delete(headers.keys().next().value as string);
  headers.set(segment, hint);
  return hint;
}

const CLOCK_TOLERANCE = 15;
const textDecoder = new TextDecoder();

/**
 * Decrypts a token made by this codec or by stock `encode`, trying every secret in turn, and
 * checks `exp`/`nbf` with the same 15 s tolerance. (jose's JWE decryption; the JWT claim checks
 * that `jwtDecrypt` would add are these two, done here without a second pass over the payload.)
 */
export async function decode({ token, secret, salt }: DecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const secrets = secretList(secret);
  // The key is picked before jose runs (as its key resolver would), so the decrypt itself takes
  // the key directly: jose checks the header again, and `alg`/`enc` against the allow-lists.
  const { kid, enc, native } = headerOf(token);
  let key: Uint8Array | undefined;
  for (const candidate of secrets) {
    const found = keyFor(enc, candidate, salt);
    const derived = found instanceof Promise ? await found : found;
    if (kid === undefined || kid === derived.kid) {
      key = derived.key;
      break;
    }
  }
  if (key === undefined) throw new Error("no matching decryption secret");
  const plaintext = native && nativeCbc ? nativeCbc.decrypt(token, key) : (await compactDecrypt(token, key, decryptOptions)).plaintext;
  const payload: unknown = JSON.parse(textDecoder.decode(plaintext));
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    throw new errors.JWTInvalid("JWT Claims Set must be a top-level JSON object");
  }
  const { exp, nbf } = payload as { exp?: unknown; nbf?: unknown };
  const now = nowSeconds();
  if (exp !== undefined && (typeof exp !== "number" || exp <= now - CLOCK_TOLERANCE)) {
    throw new errors.JWTExpired('"exp" claim timestamp check failed', payload as Record<string, unknown>, "exp", "check_failed");
  }
  if (nbf !== undefined && (typeof nbf !== "number" || nbf > now + CLOCK_TOLERANCE)) {
    throw new errors.JWTClaimValidationFailed('"nbf" claim timestamp check failed', payload as Record<string, unknown>, "nbf", "check_failed");
  }
  return payload as JWT;
}

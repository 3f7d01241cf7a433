import type { JWT } from "@auth/core/jwt";
import { CompactEncrypt, base64url, calculateJwkThumbprint, compactDecrypt, errors } from "jose";
import {
  CBC,
  GCM,
  type HeaderHint,
  checkBeforeDecrypt,
  checkBeforeKey,
  isJsonObject,
  readHeader,
  splitCompact,
} from "./jwe-format.js";
import { nativeCbc } from "./jwe.js";
import { DEFAULT_MAX_AGE, nowSeconds } from "../time.js";

/**
 * A token codec that reads and writes exactly what `@auth/core/jwt` `encode`/`decode` do
 * (JWE, `dir` + A256CBC-HS512, HKDF-SHA256 key per secret and salt, `kid` = JWK thumbprint),
 * but derives each key and thumbprint once per secret and salt instead of on every call.
 * Every token is checked here as stock's jose 6 checks it (`jwe.ts`, `claimsOf`); the
 * decryption itself runs natively on Node (`nativeCbc`) and on jose 5 elsewhere (its WebCrypto
 * build, picked by export conditions on edge runtimes), and for A256GCM.
 */

const ALG = "dir";
const ENC = CBC;

/** One secret, or several for rotation: the first encodes, every one is tried to decode. */
export type Secret = string | readonly string[];

/** The arguments of `encode`, as `@auth/core/jwt`'s. */
export interface EncodeParams {
  token: JWT;
  secret: Secret;
  salt: string;
  maxAge?: number;
}

/** The arguments of `decode`, as `@auth/core/jwt`'s. */
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

/** Key bytes for `enc`, one of the two encryptions Auth.js reads (`readHeader` refuses the rest). */
function keyLength(enc: string): number {
  return enc === GCM ? 32 : 64;
}

async function derive(enc: string, secret: string, salt: string): Promise<DerivedKey> {
  const length = keyLength(enc);
  const material = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveBits"]);
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
    if (keys.size >= MAX_CACHED_KEYS) {
      // The cache is full, so it has an oldest entry.
      const oldest = keys.keys().next().value as string;
      keys.delete(oldest);
      ready.delete(oldest);
    }
    entry = derive(enc, secret, salt);
    entry.then(
      (key) => keys.get(id) === entry && ready.set(id, key),
      () => keys.delete(id),
    );
    keys.set(id, entry);
  }
  return entry;
}

/** The derived key without a trip through the microtask queue once it exists. */
function keyFor(enc: string, secret: string, salt: string): DerivedKey | Promise<DerivedKey> {
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
  return new CompactEncrypt(encoder.encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: ALG, enc: ENC, kid })
    .encrypt(key);
}

/** The protected header jose's `CompactEncrypt` writes for a key: the same for every token. */
function protectedHeader(kid: string): string {
  return written.get(kid) ?? newHeader(kid);
}

function newHeader(kid: string): string {
  const header = base64url.encode(JSON.stringify({ alg: ALG, enc: ENC, kid }));
  if (written.size >= MAX_CACHED_HEADERS) written.delete(written.keys().next().value as string);
  written.set(kid, header);
  return header;
}

const decryptOptions = { keyManagementAlgorithms: [ALG], contentEncryptionAlgorithms: [ENC, GCM] };

const MAX_CACHED_HEADERS = 64;
/** Every token one key writes carries the same protected header: parsed and checked once per header. */
const headers = new Map<string, HeaderHint>();
const written = new Map<string, string>();

function headerOf(segment: string): HeaderHint {
  const known = headers.get(segment);
  if (known !== undefined) return known;
  const hint = readHeader(segment);
  if (headers.size >= MAX_CACHED_HEADERS) headers.delete(headers.keys().next().value as string);
  headers.set(segment, hint);
  return hint;
}

const CLOCK_TOLERANCE = 15;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** A numeric date claim as `validateClaimsSet` reads it: absent, or a number. */
function numericDate(payload: Record<string, unknown>, claim: "iat" | "nbf" | "exp"): number | undefined {
  const value = payload[claim];
  if (value !== undefined && typeof value !== "number") {
    throw new errors.JWTClaimValidationFailed(`"${claim}" claim must be a number`, payload, claim, "invalid");
  }
  return value;
}

/** jose 6's `validateClaimsSet` with Auth.js's options (15 s tolerance), then `jwtDecrypt`'s replicated header claims. */
function claimsOf(plaintext: Uint8Array, hint: HeaderHint): JWT {
  let payload: unknown;
  try {
    payload = JSON.parse(strictUtf8.decode(plaintext));
  } catch (cause) {
    throw new errors.JWTInvalid("JWT Claims Set must be a top-level JSON object", { cause });
  }
  if (!isJsonObject(payload)) throw new errors.JWTInvalid("JWT Claims Set must be a top-level JSON object");
  const now = nowSeconds();
  numericDate(payload, "iat");
  const nbf = numericDate(payload, "nbf");
  if (nbf !== undefined && nbf > now + CLOCK_TOLERANCE) {
    throw new errors.JWTClaimValidationFailed('"nbf" claim timestamp check failed', payload, "nbf", "check_failed");
  }
  const exp = numericDate(payload, "exp");
  if (exp !== undefined && exp <= now - CLOCK_TOLERANCE) {
    throw new errors.JWTExpired('"exp" claim timestamp check failed', payload, "exp", "check_failed");
  }
  for (const [claim, value] of hint.replicated) {
    const same = claim === "aud" ? JSON.stringify(value) === JSON.stringify(payload.aud) : value === payload[claim];
    if (!same)
      throw new errors.JWTClaimValidationFailed(
        `replicated "${claim}" claim header parameter mismatch`,
        payload,
        claim,
        "mismatch",
      );
  }
  return payload as JWT;
}

/**
 * Reads a token made by this codec or by stock `encode` exactly as stock `decode` does (jose 6's
 * `jwtDecrypt`: the same checks in the same order, the same errors), trying every secret in turn,
 * except that each part must be canonical base64url (see `jwe.ts`).
 */
export async function decode({ token, secret, salt }: DecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const secrets = secretList(secret);
  const parts = splitCompact(token);
  const hint = headerOf(parts[0]);
  checkBeforeKey(parts, hint);
  // The key is picked as Auth.js's key resolver picks it, then handed to the decryption directly.
  let key: Uint8Array | undefined;
  for (const candidate of secrets) {
    const found = keyFor(hint.enc, candidate, salt);
    const derived = found instanceof Promise ? await found : found;
    if (hint.kid === undefined || hint.kid === derived.kid) {
      key = derived.key;
      break;
    }
  }
  if (key === undefined) throw new Error("no matching decryption secret");
  checkBeforeDecrypt(parts, hint.enc);
  const plaintext =
    hint.native && nativeCbc
      ? nativeCbc.decrypt(parts, key)
      : (await compactDecrypt(token, key, decryptOptions)).plaintext;
  // Stock inflates `zip: "DEF"` (Auth.js never writes it); jose 5 refuses it, here after decryption, where stock would inflate.
  if (hint.zip)
    throw new errors.JOSENotSupported('JWE "zip" (Compression Algorithm) Header Parameter is not supported.');
  return claimsOf(plaintext, hint);
}

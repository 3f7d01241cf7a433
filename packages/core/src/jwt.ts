import type { JWT } from "@auth/core/jwt";
import { EncryptJWT, base64url, calculateJwkThumbprint, compactDecrypt, errors } from "jose";

/**
 * A token codec that reads and writes exactly what `@auth/core/jwt` `encode`/`decode` do
 * (JWE, `dir` + A256CBC-HS512, HKDF-SHA256 key per secret and salt, `kid` = JWK thumbprint),
 * but derives each key and thumbprint once per secret and salt instead of on every call,
 * and runs on jose 5, whose Node build uses `node:crypto` (its browser/worker builds are
 * picked by export conditions on edge runtimes).
 */

const ALG = "dir";
const ENC = "A256CBC-HS512";
const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;

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
const encoder = new TextEncoder();

function keyLength(enc: string): number {
  if (enc === "A256CBC-HS512") return 64;
  if (enc === "A256GCM") return 32;
  throw new Error("Unsupported JWT Content Encryption Algorithm");
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
    if (keys.size >= MAX_CACHED_KEYS) {
      const oldest = keys.keys().next().value;
      if (oldest !== undefined) keys.delete(oldest);
    }
    entry = derive(enc, secret, salt);
    entry.catch(() => keys.delete(id));
    keys.set(id, entry);
  }
  return entry;
}

function secretList(secret: Secret): readonly string[] {
  const list = typeof secret === "string" ? [secret] : secret;
  if (list.length === 0 || list.some((s) => typeof s !== "string" || s.length === 0)) {
    throw new Error("A secret is required to encode and decode session tokens");
  }
  return list;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Encrypts a session token with the first secret; stock `decode` reads it. */
export async function encode({ token, secret, salt, maxAge = DEFAULT_MAX_AGE }: EncodeParams) {
  const [first] = secretList(secret);
  const { key, kid } = await derivedKey(ENC, first as string, salt);
  return new EncryptJWT(token as Record<string, unknown>)
    .setProtectedHeader({ alg: ALG, enc: ENC, kid })
    .setIssuedAt()
    .setExpirationTime(nowSeconds() + maxAge)
    .setJti(crypto.randomUUID())
    .encrypt(key);
}

const CLOCK_TOLERANCE = 15;
const decryptOptions = { keyManagementAlgorithms: [ALG], contentEncryptionAlgorithms: [ENC, "A256GCM"] };
const textDecoder = new TextDecoder();

/**
 * Decrypts a token made by this codec or by stock `encode`, trying every secret in turn, and
 * checks `exp`/`nbf` with the same 15 s tolerance. (jose's JWE decryption; the JWT claim checks
 * that `jwtDecrypt` would add are these two, done here without a second pass over the payload.)
 */
export async function decode({ token, secret, salt }: DecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const secrets = secretList(secret);
  const { plaintext } = await compactDecrypt(
    token,
    async ({ kid, enc = ENC }) => {
      for (const candidate of secrets) {
        const derived = await derivedKey(enc, candidate, salt);
        if (kid === undefined || kid === derived.kid) return derived.key;
      }
      throw new Error("no matching decryption secret");
    },
    decryptOptions,
  );
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

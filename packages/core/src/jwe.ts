import type * as NodeCryptoModule from "node:crypto";
import { errors } from "jose";

/**
 * Auth.js's session token format — compact JWE, `alg: "dir"`, `enc: "A256CBC-HS512"` (RFC 7518
 * §5.2.2: AES-256-CBC, then HMAC-SHA-512 over header, IV, ciphertext and the header's bit length,
 * truncated to 32 bytes) — with `node:crypto` called directly. It is what jose's Node build runs
 * for this one format, step for step and with the same errors, without the generic JWE machinery
 * around it, which costs about as much again as the cryptography on every read and update.
 * Where `process.getBuiltinModule` is absent (edge runtimes) `nativeCbc` is undefined and the
 * codec uses jose; any other header (another `enc`, `zip`, `crit`) goes to jose too.
 */

type NodeCrypto = typeof NodeCryptoModule;

const nodeCrypto = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.(
  "node:crypto",
) as NodeCrypto | undefined;

const KEY_BYTES = 64;
const HALF = KEY_BYTES / 2;
const IV_BYTES = 16;

interface KeyPair {
  mac: NodeCryptoModule.KeyObject;
  enc: NodeCryptoModule.KeyObject;
}

/** The two halves of a derived key as key objects: node:crypto prepares a raw key again on every call. */
const pairs = new WeakMap<Uint8Array, KeyPair>();

function pairOf(crypto: NodeCrypto, key: Uint8Array): KeyPair {
  return pairs.get(key) ?? newPair(crypto, key);
}

function newPair(crypto: NodeCrypto, key: Uint8Array): KeyPair {
  if (key.byteLength !== KEY_BYTES) throw new errors.JWEInvalid("Invalid Content Encryption Key length. Expected 512 bits");
  const pair = { mac: crypto.createSecretKey(key.subarray(0, HALF)), enc: crypto.createSecretKey(key.subarray(HALF)) };
  pairs.set(key, pair);
  return pair;
}

/** HMAC-SHA-512 of the JWE parts, truncated to the tag's 32 bytes. */
function tagOf(crypto: NodeCrypto, mac: NodeCryptoModule.KeyObject, header: string, iv: Uint8Array, ciphertext: Uint8Array): Buffer {
  const aadBits = Buffer.alloc(8);
  aadBits.writeUIntBE(Buffer.byteLength(header) * 8, 2, 6);
  return crypto
    .createHmac("sha512", mac)
    .update(header)
    .update(iv)
    .update(ciphertext)
    .update(aadBits)
    .digest()
    .subarray(0, HALF);
}

/** Decrypts a compact JWE whose protected header was checked as dir + A256CBC-HS512. */
function decrypt(crypto: NodeCrypto, token: string, key: Uint8Array): Uint8Array {
  const parts = token.split(".");
  if (parts.length !== 5) throw new errors.JWEInvalid("Invalid Compact JWE");
  const [header, encryptedKey, iv64, ciphertext64, tag64] = parts as [string, string, string, string, string];
  if (encryptedKey !== "") throw new errors.JWEInvalid("Encountered unexpected JWE Encrypted Key");
  if (iv64 === "") throw new errors.JWEInvalid("JWE Initialization Vector missing");
  if (tag64 === "") throw new errors.JWEInvalid("JWE Authentication Tag missing");
  const { mac, enc } = pairOf(crypto, key);
  const iv = Buffer.from(iv64, "base64url");
  if (iv.byteLength !== IV_BYTES) throw new errors.JWEInvalid("Invalid Initialization Vector length");
  const ciphertext = Buffer.from(ciphertext64, "base64url");
  const tag = Buffer.from(tag64, "base64url");
  const expected = tagOf(crypto, mac, header, iv, ciphertext);
  // The tag is checked, in constant time, before any byte is decrypted.
  if (tag.byteLength !== expected.byteLength || !crypto.timingSafeEqual(tag, expected)) throw new errors.JWEDecryptionFailed();
  try {
    const decipher = crypto.createDecipheriv("aes-256-cbc", enc, iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new errors.JWEDecryptionFailed();
  }
}

// IVs come from a pool of random bytes drawn 256 IVs at a time, each slice handed out once (as
// Node pools `randomUUID`): one call into the CSPRNG per IV was 7 % of an update.
const POOL_IVS = 256;
let ivPool: Buffer | undefined;
let ivOffset = 0;

function freshIv(crypto: NodeCrypto): Buffer {
  if (ivPool === undefined || ivOffset === ivPool.byteLength) {
    ivPool = crypto.randomBytes(IV_BYTES * POOL_IVS);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

/** Encrypts `plaintext` under `header` (the base64url protected header) with a fresh IV. */
function encrypt(crypto: NodeCrypto, plaintext: string, key: Uint8Array, header: string): string {
  const { mac, enc } = pairOf(crypto, key);
  const iv = freshIv(crypto);
  const cipher = crypto.createCipheriv("aes-256-cbc", enc, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = tagOf(crypto, mac, header, iv, ciphertext);
  return `${header}..${iv.toString("base64url")}.${ciphertext.toString("base64url")}.${tag.toString("base64url")}`;
}

export interface NativeCbc {
  decrypt(token: string, key: Uint8Array): Uint8Array;
  encrypt(plaintext: string, key: Uint8Array, header: string): string;
}

export const nativeCbc: NativeCbc | undefined = nodeCrypto && {
  decrypt: (token, key) => decrypt(nodeCrypto, token, key),
  encrypt: (plaintext, key, header) => encrypt(nodeCrypto, plaintext, key, header),
};

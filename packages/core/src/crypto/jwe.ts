import type * as NodeCryptoModule from "node:crypto";
import { errors } from "jose";
import { IV_BYTES, type Segments } from "./jwe-format.js";

/**
 * The token format's cryptography (dir + A256CBC-HS512) on `node:crypto` directly, where it is
 * Node's own: a known-answer self-test (RFC 7518 B.3) decides, not the presence of
 * `process.getBuiltinModule` (workerd's `nodejs_compat` has one that fails it). The format's
 * checks, shared with the jose path, are in `jwe-format.ts`.
 */

type NodeCrypto = typeof NodeCryptoModule;

const KEY_BYTES = 64;
const HALF = KEY_BYTES / 2;

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
  if (key.byteLength !== KEY_BYTES)
    throw new errors.JWEInvalid("Invalid Content Encryption Key length. Expected 512 bits");
  const pair = { mac: crypto.createSecretKey(key.subarray(0, HALF)), enc: crypto.createSecretKey(key.subarray(HALF)) };
  pairs.set(key, pair);
  return pair;
}

/** HMAC-SHA-512 of the JWE parts, truncated to the tag's 32 bytes. */
function tagOf(
  crypto: NodeCrypto,
  mac: NodeCryptoModule.KeyObject,
  header: string,
  iv: Uint8Array,
  ciphertext: Uint8Array,
): Buffer {
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

/** Decrypts the parts of a token `checkBeforeDecrypt` passed, under a dir + A256CBC-HS512 header. */
function decrypt(crypto: NodeCrypto, [header, , iv64, ciphertext64, tag64]: Segments, key: Uint8Array): Uint8Array {
  const { mac, enc } = pairOf(crypto, key);
  const iv = Buffer.from(iv64, "base64url");
  const ciphertext = Buffer.from(ciphertext64, "base64url");
  const tag = Buffer.from(tag64, "base64url");
  const expected = tagOf(crypto, mac, header, iv, ciphertext);
  // The tag is checked, in constant time, before any byte is decrypted.
  if (tag.byteLength !== expected.byteLength || !crypto.timingSafeEqual(tag, expected))
    throw new errors.JWEDecryptionFailed();
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

/** Encrypts `plaintext` under `header` (the base64url protected header) with the given IV. */
function encrypt(crypto: NodeCrypto, plaintext: string, key: Uint8Array, header: string, iv: Buffer): string {
  const { mac, enc } = pairOf(crypto, key);
  const cipher = crypto.createCipheriv("aes-256-cbc", enc, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const tag = tagOf(crypto, mac, header, iv, ciphertext);
  return `${header}..${iv.toString("base64url")}.${ciphertext.toString("base64url")}.${tag.toString("base64url")}`;
}

// RFC 7518 Appendix B.3 (AES_256_CBC_HMAC_SHA_512): key 00..3f, this IV, AAD and plaintext give
// this tag. Both ways must work and agree with it before the native path is trusted.
const KAT_AAD = "The second principle of Auguste Kerckhoffs";
const KAT_PLAINTEXT =
  "A cipher system must not be required to be secret, and it must be able to fall into the hands of the enemy without inconvenience";
const KAT_IV = "GvOMLcK5b_3YZpQJI0G8BA";
const KAT_TAG = "TdO0wIin9FwhaDlkWyASvy5iaajFaoFtvBsmd2GVW8U";

/** Whether `crypto` is a node:crypto that runs this format as Node's does (workerd's nodejs_compat does not). */
export function passesSelfTest(crypto: NodeCrypto): boolean {
  try {
    const key = Uint8Array.from({ length: KEY_BYTES }, (_, i) => i);
    const token = encrypt(crypto, KAT_PLAINTEXT, key, KAT_AAD, Buffer.from(KAT_IV, "base64url"));
    const parts = token.split(".") as unknown as Segments;
    if (parts[4] !== KAT_TAG) return false;
    return new TextDecoder().decode(decrypt(crypto, parts, key)) === KAT_PLAINTEXT;
  } catch {
    return false;
  }
}

export interface NativeCbc {
  decrypt(parts: Segments, key: Uint8Array): Uint8Array;
  encrypt(plaintext: string, key: Uint8Array, header: string): string;
}

/** The native codec over `crypto`, or undefined when it fails the self-test. */
export function nativeCbcOn(crypto: NodeCrypto | undefined): NativeCbc | undefined {
  if (crypto === undefined || !passesSelfTest(crypto)) return undefined;
  return {
    decrypt: (parts, key) => decrypt(crypto, parts, key),
    encrypt: (plaintext, key, header) => encrypt(crypto, plaintext, key, header, freshIv(crypto)),
  };
}

const builtin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;

export const nativeCbc: NativeCbc | undefined = nativeCbcOn(
  typeof builtin === "function" ? (builtin("node:crypto") as NodeCrypto | undefined) : undefined,
);

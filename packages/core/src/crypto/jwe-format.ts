import { base64url, errors } from "jose";

/**
 * Auth.js's session token format — compact JWE, `alg: "dir"`, `enc: "A256CBC-HS512"` (RFC 7518
 * §5.2.2) — read as stock `decode` (jose 6's `jwtDecrypt`) reads it, check for check and error for
 * error, but stricter on one point: every part must be the one canonical base64url spelling of its
 * bytes, so one session has one cookie string (stock's `atob` also takes whitespace, `=` padding and
 * stray low bits). The cryptography runs on `node:crypto` directly where it is Node's own (a
 * known-answer self-test decides, not the presence of `process.getBuiltinModule`: workerd's
 * `nodejs_compat` has one that fails it); elsewhere the codec hands the checked token to jose.
 */

export const CBC = "A256CBC-HS512";
export const GCM = "A256GCM";
/** A256CBC-HS512's IV length in bytes. */
export const IV_BYTES = 16;

export type Segments = readonly [header: string, encryptedKey: string, iv: string, ciphertext: string, tag: string];

const CANONICAL = /^[A-Za-z0-9_-]*$/;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Only the base64url alphabet, no padding, a length base64url can have, the unused low bits zero (RFC 4648 §3.5). */
export function isCanonicalBase64url(value: string): boolean {
  if (!CANONICAL.test(value)) return false;
  const rest = value.length & 3;
  if (rest === 0) return true;
  if (rest === 1) return false;
  // The last character carries 4 (2 characters left over) or 2 (3 left over) bits no byte uses.
  return (ALPHABET.indexOf(value.charAt(value.length - 1)) & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/** Bytes a canonical base64url string decodes to. */
export const byteLength = (value: string): number => (value.length * 3) >> 2;

/** The five parts of a compact JWE, as jose splits them. */
export function splitCompact(token: string): Segments {
  const parts = token.split(".");
  if (parts.length !== 5) throw new errors.JWEInvalid("Invalid Compact JWE");
  return parts as unknown as Segments;
}

export interface HeaderHint {
  kid: unknown;
  enc: string;
  /** dir + A256CBC-HS512 without `zip`: `nativeCbc` decrypts it where it runs. */
  native: boolean;
  /** `zip: "DEF"`: stock inflates the plaintext; jose 5 (ours) refuses it after decryption. */
  zip: boolean;
  /** Header `iss`/`sub`/`aud` that `jwtDecrypt` requires the claims to repeat. */
  replicated: readonly (readonly ["iss" | "sub" | "aud", unknown])[];
  /** What jose 6 throws for this header once the other parts decoded, if anything. */
  refusal: (() => Error) | undefined;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** jose's `isObject`: a plain JSON object (JSON.parse makes no other kind). */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The protected header, parsed and checked in jose 6's order (`parseJoseHeader`, `validateCrit`, `validateZip`, alg and enc). */
export function readHeader(segment: string): HeaderHint {
  let header: unknown;
  try {
    if (!isCanonicalBase64url(segment)) throw new TypeError("not canonical base64url");
    header = JSON.parse(strictUtf8.decode(base64url.decode(segment)));
  } catch (cause) {
    throw new errors.JWEInvalid("JWE Protected Header is invalid", { cause });
  }
  if (!isJsonObject(header)) throw new errors.JWEInvalid("JWE Protected Header is invalid");
  const { alg, enc, kid, zip, crit } = header;
  const replicated = (["iss", "sub", "aud"] as const)
    .filter((claim) => header[claim] !== undefined)
    .map((claim) => [claim, header[claim]] as const);
  const hint = { kid, enc: typeof enc === "string" ? enc : "", zip: zip === "DEF", replicated };
  return {
    ...hint,
    native: alg === "dir" && enc === CBC && zip === undefined,
    refusal: refusalOf(alg, enc, zip, crit),
  };
}

function refusalOf(alg: unknown, enc: unknown, zip: unknown, crit: unknown): (() => Error) | undefined {
  if (crit !== undefined) {
    // jose recognizes no JWE extension: a well-formed `crit` names one it does not support.
    const wellFormed =
      Array.isArray(crit) && crit.length > 0 && crit.every((name) => typeof name === "string" && name !== "");
    if (!wellFormed)
      return () =>
        new errors.JWEInvalid('"crit" (Critical) Header Parameter MUST be an array of non-empty strings when present');
    return () => new errors.JOSENotSupported(`Extension Header Parameter "${crit[0]}" is not recognized`);
  }
  if (zip !== undefined && zip !== "DEF")
    return () => new errors.JOSENotSupported('Unsupported JWE "zip" (Compression Algorithm) Header Parameter value.');
  if (typeof alg !== "string" || alg === "")
    return () => new errors.JWEInvalid("missing JWE Algorithm (alg) in JWE Header");
  if (typeof enc !== "string" || enc === "")
    return () => new errors.JWEInvalid("missing JWE Encryption Algorithm (enc) in JWE Header");
  if (alg !== "dir") return () => new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  if (enc !== CBC && enc !== GCM)
    return () => new errors.JOSEAlgNotAllowed('"enc" (Encryption Algorithm) Header Parameter value not allowed');
  return undefined;
}

const undecodable = (label: string) => new errors.JWEInvalid(`Failed to base64url decode the ${label}`);

/** jose 6's checks between the header and the key, in its order: parts' encoding, the header, the encrypted key's encoding. */
export function checkBeforeKey([, encryptedKey, iv, ciphertext, tag]: Segments, hint: HeaderHint): void {
  if (!isCanonicalBase64url(ciphertext)) throw undecodable("ciphertext");
  if (iv !== "" && !isCanonicalBase64url(iv)) throw undecodable("iv");
  if (tag !== "" && !isCanonicalBase64url(tag)) throw undecodable("tag");
  if (hint.refusal) throw hint.refusal();
  if (encryptedKey !== "" && !isCanonicalBase64url(encryptedKey)) throw undecodable("encrypted_key");
}

/** jose 6's checks between the key and the decryption: no encrypted key (dir), IV and tag present and of their length. */
export function checkBeforeDecrypt([, encryptedKey, iv, , tag]: Segments, enc: string): void {
  if (encryptedKey !== "") throw new errors.JWEInvalid("Encountered unexpected JWE Encrypted Key");
  if (iv === "") throw new errors.JWEInvalid("JWE Initialization Vector missing");
  if (tag === "") throw new errors.JWEInvalid("JWE Authentication Tag missing");
  if (enc === GCM && byteLength(tag) !== 16) throw new errors.JWEInvalid("Invalid Authentication Tag length");
  if (byteLength(iv) !== (enc === GCM ? 12 : IV_BYTES))
    throw new errors.JWEInvalid("Invalid Initialization Vector length");
}

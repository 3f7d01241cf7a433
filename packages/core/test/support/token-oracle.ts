import { decode as stockDecode, encode as stockEncode } from "@auth/core/jwt";
import fc from "fast-check";
import { CompactEncrypt } from "jose";
import { expect } from "vitest";
import { decode, derivedKey, encode } from "../../src/crypto/jwt.js";

// The differential property behind "tokens read exactly as stock reads them": real tokens,
// edited with any character (every byte value 0–255 and beyond Latin-1), checked against stock
// `decode` as the oracle. The one documented difference: a part that is not the canonical
// base64url spelling of its bytes (whitespace, `=` padding, non-zero unused low bits), which
// stock's `atob` reads and the core refuses, so one session has exactly one cookie string.

export const salt = "authjs.session-token";
export const secret = "token-oracle-secret-0123456789abcdef";
const claims = { sub: "alice", email: "alice@example.com", name: "Älice ✓", selectedCompanyId: "acme" };

/** Stock's tokens, ours, and an A256GCM one (which Auth.js also reads), all with the app's key. */
export async function realTokens(): Promise<string[]> {
  const { key, kid } = await derivedKey("A256GCM", secret, salt);
  const gcm = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ ...claims, exp: 4102444800 })))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid })
    .encrypt(key);
  return [await stockEncode({ token: claims, secret, salt }), await encode({ token: claims, secret, salt }), gcm];
}

/**
 * Any UTF-16 code unit a string can carry: every byte value (what a cookie header can smuggle),
 * the base64url alphabet (edits stock reads as far as the cryptography, where the exact error
 * is compared), the separators and padding, and beyond Latin-1.
 */
const anyChar = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 255 }).map((code) => String.fromCharCode(code)), weight: 4 },
  { arbitrary: fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), weight: 4 },
  { arbitrary: fc.constantFrom(..."-_.=+/ \t\n"), weight: 2 },
  { arbitrary: fc.integer({ min: 256, max: 0xffff }).map((code) => String.fromCharCode(code)), weight: 1 },
);

type Edit = { kind: "replace" | "insert" | "remove" | "cut"; at: number; text: string };

/** One edit: a character replaced, a run of characters inserted, a character removed, the token cut short. */
export const edit: fc.Arbitrary<Edit> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), text: anyChar }), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant("insert" as const),
      at: fc.nat(),
      text: fc.array(anyChar, { minLength: 1, maxLength: 3 }).map((a) => a.join("")),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant("remove" as const), at: fc.nat(), text: fc.constant("") }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("cut" as const), at: fc.nat(), text: fc.constant("") }), weight: 1 },
);

export function apply(token: string, { kind, at, text }: Edit): string {
  const i = at % (token.length + 1);
  if (kind === "replace") return token.slice(0, i) + text + token.slice(i + 1);
  if (kind === "insert") return token.slice(0, i) + text + token.slice(i);
  if (kind === "remove") return token.slice(0, i) + token.slice(i + 1);
  return token.slice(0, i);
}

/** Canonical base64url by round trip through Node's own codec: independent of the code under test. */
const canonical = (part: string) =>
  /^[\w-]*$/.test(part) && Buffer.from(part, "base64url").toString("base64url") === part;

/** Whether every part of a five-part token is canonical base64url (the core's one stricter rule). */
export const allCanonical = (token: string) => token.split(".").every(canonical);

type Outcome = { ok: true; claims: unknown } | { ok: false; error: string };

export const outcome = (run: () => Promise<unknown>): Promise<Outcome> =>
  run().then(
    (value) => ({ ok: true, claims: value }),
    (error: Error) => ({ ok: false, error: `${error.name}: ${error.message}` }),
  );

const STRICT_REFUSAL =
  /^JWEInvalid: (Failed to base64url decode the (ciphertext|iv|tag|encrypted_key)|JWE Protected Header is invalid)$/;

/** The property for one token: the same answer and error as stock, or a refusal of a non-canonical part. */
export async function matchesStock(token: string): Promise<void> {
  const ours = await outcome(() => decode({ token, secret, salt }));
  const stock = await outcome(() => stockDecode({ token, secret, salt }));
  if (token.split(".").length === 5 && !allCanonical(token)) {
    // Refused: with stock's own error, or with the one stock gives a part it cannot decode.
    expect(ours.ok).toBe(false);
    const error = ours.ok ? "" : ours.error;
    if (stock.ok || stock.error !== error) expect(error).toMatch(STRICT_REFUSAL);
    return;
  }
  expect(ours).toEqual(stock);
}

/** Runs the property on real tokens with 1–3 edits, plus each token untouched. */
export async function differential(numRuns: number): Promise<void> {
  const tokens = await realTokens();
  for (const token of tokens) {
    // Untouched, each reads, with the same claims as stock reads.
    expect((await outcome(() => decode({ token, secret, salt }))).ok).toBe(true);
    await matchesStock(token);
  }
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...tokens),
      fc.array(edit, { minLength: 1, maxLength: 3 }),
      async (token, edits) => {
        await matchesStock(edits.reduce(apply, token));
      },
    ),
    { numRuns },
  );
}

import { randomUUID } from "node:crypto";
import { decode as stockDecode, encode as stockEncode } from "@auth/core/jwt";
import { afterEach, describe, expect, test, vi } from "vitest";
import { nativeCbc } from "../../src/crypto/jwe.js";
import { decode, derivedKey, encode } from "../../src/crypto/jwt.js";

// What a refused token looks like is what Auth.js logs (`JWTSessionError` with the decode error's
// name and message): ours must be stock `decode`'s error, and every header stock refuses is
// refused here too, whichever decryption path the header would otherwise take.

const salt = "authjs.session-token";
const secret = "token-headers-secret-0123456789abcdef";
const T = Date.parse("2026-05-01T00:00:00Z");
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The error a decode fails with, as a plain record of what a log line and a caller can see. */
const failure = (run: () => Promise<unknown>) =>
  run().then(
    () => ({ refused: false }),
    (error: { name?: string; message?: string; claim?: string; reason?: string }) => ({
      refused: true,
      name: error.name,
      message: error.message,
      claim: error.claim,
      reason: error.reason,
    }),
  );

async function sameRefusal(token: string, secrets: string | string[] = secret) {
  const ours = await failure(() => decode({ token, secret: secrets, salt }));
  const stock = await failure(() => stockDecode({ token, secret: secrets, salt }));
  expect(ours).toEqual(stock);
  return ours;
}

/** A dir + A256CBC-HS512 token under any protected header, the cryptography done right. */
async function withHeader(header: Record<string, unknown>, claims: Record<string, unknown> = { sub: "alice" }) {
  const { key, kid } = await derivedKey("A256CBC-HS512", secret, salt);
  if (!nativeCbc) throw new Error("these tests run on Node");
  return nativeCbc.encrypt(JSON.stringify(claims), key, b64({ alg: "dir", enc: "A256CBC-HS512", kid, ...header }));
}

afterEach(() => vi.useRealTimers());

describe("headers stock Auth.js refuses are refused, with its error", () => {
  test("a compressed token (zip) is refused, never decrypted as if it were not compressed", async () => {
    // Auth.js never writes `zip`. Stock's jose 6 would inflate a genuinely compressed token (this
    // one is not, so it fails to); the core's jose 5 refuses every compressed token: the one
    // header a token signed with the app's own secret could carry that stock reads and we do not.
    const token = await withHeader({ zip: "DEF" });
    expect(await failure(() => decode({ token, secret, salt }))).toMatchObject({
      refused: true,
      name: "JOSENotSupported",
    });
    expect(await failure(() => stockDecode({ token, secret, salt }))).toMatchObject({ refused: true });
  });

  test("a token with a critical extension (crit) is refused as jose refuses it", async () => {
    expect(await sameRefusal(await withHeader({ crit: ["x-ext"], "x-ext": 1 }))).toMatchObject({ refused: true });
  });

  test("the same header without them reads (the tokens above fail for their header alone)", async () => {
    expect(await decode({ token: await withHeader({}), secret, salt })).toMatchObject({ sub: "alice" });
  });

  test("an encryption Auth.js does not use is refused for its algorithm, whatever the kid", async () => {
    const token = await withHeader({});
    const [, ...rest] = token.split(".");
    for (const kid of ["another-key", undefined]) {
      const forged = [b64({ alg: "dir", enc: "A128GCM", ...(kid ? { kid } : {}) }), ...rest].join(".");
      expect(await sameRefusal(forged)).toMatchObject({ refused: true, name: "JOSEAlgNotAllowed" });
    }
  });
});

describe("refused claims carry stock's error", () => {
  test("an expired token: JWTExpired on exp", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T);
    const token = await encode({ token: { sub: "alice" }, secret, salt, maxAge: 60 });
    vi.setSystemTime(T + 3600 * 1000);
    expect(await sameRefusal(token)).toEqual({
      refused: true,
      name: "JWTExpired",
      message: '"exp" claim timestamp check failed',
      claim: "exp",
      reason: "check_failed",
    });
  });

  test("a token not yet valid: JWTClaimValidationFailed on nbf", async () => {
    const token = await stockEncode({
      token: { sub: "alice", nbf: Math.floor(Date.now() / 1000) + 3600 },
      secret,
      salt,
    });
    expect(await sameRefusal(token)).toEqual({
      refused: true,
      name: "JWTClaimValidationFailed",
      message: '"nbf" claim timestamp check failed',
      claim: "nbf",
      reason: "check_failed",
    });
  });

  test("claims that are not an object: JWTInvalid with jose's message", async () => {
    expect(await sameRefusal(await withHeader({}, [1] as never))).toMatchObject({
      refused: true,
      name: "JWTInvalid",
      message: "JWT Claims Set must be a top-level JSON object",
    });
  });
});

describe("keys", () => {
  test("a stock token under a secret this process has never seen reads (its key derived on the spot)", async () => {
    const fresh = `fresh-${randomUUID()}`;
    const token = await stockEncode({ token: { sub: "alice" }, secret: fresh, salt });
    expect(await decode({ token, secret: fresh, salt })).toMatchObject({ sub: "alice" });
    const ours = await encode({ token: { sub: "bob" }, secret: `fresh-${randomUUID()}`, salt });
    expect(ours.split(".")).toHaveLength(5);
  });

  test("a secret that is not a string is refused, not stringified", async () => {
    const token = await encode({ token: { sub: "alice" }, secret, salt });
    await expect(decode({ token, secret: [secret, 42 as never], salt })).rejects.toThrow(/secret is required/);
    await expect(encode({ token: { sub: "alice" }, secret: [42 as never], salt })).rejects.toThrow(
      /secret is required/,
    );
  });
});

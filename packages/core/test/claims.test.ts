import { decode as stockDecode } from "@auth/core/jwt";
import { CompactEncrypt } from "jose";
import { afterEach, describe, expect, test, vi } from "vitest";
import { decode, derivedKey, encode } from "../src/crypto/jwt.js";

// `@safe-session/core/jwt` reads a token exactly when stock `@auth/core/jwt` `decode` does: the
// same 15 s clock tolerance on `exp` and `nbf`, the same key choice by `kid`, both content
// encryptions Auth.js accepts, and only a JSON object as claims.

const salt = "authjs.session-token";
const secret = "token-claims-secret-0123456789abcdef";
const T = Date.parse("2026-05-01T00:00:00Z");

const outcome = (run: () => Promise<unknown>) =>
  run().then(
    (claims) => ({ ok: true, sub: (claims as { sub?: unknown } | null)?.sub }),
    () => ({ ok: false }),
  );

async function both(token: string, secrets: string | string[] = secret) {
  const ours = await outcome(() => decode({ token, secret: secrets, salt }));
  const stock = await outcome(() => stockDecode({ token, secret: secrets, salt }));
  expect(ours).toEqual(stock);
  return ours;
}

/** A token written with jose directly: any header and plaintext, with the key Auth.js derives. */
async function raw(
  plaintext: string,
  header: { enc?: "A256CBC-HS512" | "A256GCM"; kid?: boolean } = {},
  keySecret = secret,
) {
  const enc = header.enc ?? "A256CBC-HS512";
  const { key, kid } = await derivedKey(enc, keySecret, salt);
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ alg: "dir", enc, ...(header.kid === false ? {} : { kid }) })
    .encrypt(key);
}

afterEach(() => vi.useRealTimers());

describe("time claims, on a controlled clock", () => {
  test("exp: still read 14 s after it, refused from 15 s", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T);
    const token = await encode({ token: { sub: "alice" }, secret, salt, maxAge: 60 });
    vi.setSystemTime(T + (60 + 14) * 1000);
    expect(await both(token)).toEqual({ ok: true, sub: "alice" });
    vi.setSystemTime(T + (60 + 15) * 1000);
    expect(await both(token)).toEqual({ ok: false });
  });

  test("nbf: read up to 15 s before it, refused earlier", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(T);
    const now = T / 1000;
    expect(await both(await encode({ token: { sub: "alice", nbf: now + 15 }, secret, salt }))).toEqual({
      ok: true,
      sub: "alice",
    });
    expect(await both(await encode({ token: { sub: "alice", nbf: now + 16 }, secret, salt }))).toEqual({ ok: false });
  });

  test("exp or nbf that is not a number is refused", async () => {
    for (const claims of [
      { sub: "alice", exp: "soon" },
      { sub: "alice", nbf: "later" },
      { sub: "alice", exp: null },
    ]) {
      expect(await both(await raw(JSON.stringify(claims)))).toEqual({ ok: false });
    }
    expect(await both(await raw(JSON.stringify({ sub: "alice" })))).toEqual({ ok: true, sub: "alice" });
  });
});

describe("the claims and the key", () => {
  test.each(["[1]", "null", "42", '"alice"'])(
    "claims %s (not a JSON object) are refused, with jose's JWTInvalid",
    async (plaintext) => {
      const token = await raw(plaintext);
      expect(await both(token)).toEqual({ ok: false });
      await expect(decode({ token, secret, salt })).rejects.toMatchObject({ name: "JWTInvalid" });
    },
  );

  test("A256GCM tokens, which Auth.js also accepts, are read", async () => {
    expect(await both(await raw(JSON.stringify({ sub: "alice" }), { enc: "A256GCM" }))).toEqual({
      ok: true,
      sub: "alice",
    });
  });

  test("a token without kid is tried with the first secret only", async () => {
    const token = await raw(JSON.stringify({ sub: "alice" }), { kid: false }, "first-secret-0123456789abcdef");
    expect(await both(token, ["first-secret-0123456789abcdef", "second-secret-0123456789abcdef"])).toEqual({
      ok: true,
      sub: "alice",
    });
    expect(await both(token, ["second-secret-0123456789abcdef", "first-secret-0123456789abcdef"])).toEqual({
      ok: false,
    });
  });

  test("no token is no session; an empty secret in the list is refused", async () => {
    expect(await decode({ token: "", secret, salt })).toBeNull();
    expect(await decode({ token: undefined, secret, salt })).toBeNull();
    const token = await encode({ token: { sub: "alice" }, secret, salt });
    await expect(decode({ token, secret: [secret, ""], salt })).rejects.toThrow(/secret is required/);
  });
});

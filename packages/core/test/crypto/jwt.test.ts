import { decode as stockDecode, encode as stockEncode } from "@auth/core/jwt";
import { describe, expect, test } from "vitest";
import { decode, derivedKey, encode } from "../../src/crypto/jwt.js";

const salt = "authjs.session-token";
const claims = { sub: "alice", email: "alice@example.com", selectedCompanyId: "acme" };

describe("token codec", () => {
  test("stock decode reads our tokens", async () => {
    const token = await encode({ token: claims, secret: "s1", salt });
    expect(await stockDecode({ token, secret: "s1", salt })).toMatchObject(claims);
  });

  test("we read stock tokens", async () => {
    const token = await stockEncode({ token: claims, secret: "s1", salt });
    expect(await decode({ token, secret: "s1", salt })).toMatchObject(claims);
  });

  test("rotation: new tokens use the first secret, old ones still read", async () => {
    const old = await stockEncode({ token: claims, secret: "old", salt });
    expect(await decode({ token: old, secret: ["new", "old"], salt })).toMatchObject(claims);
    const fresh = await encode({ token: claims, secret: ["new", "old"], salt });
    expect(await stockDecode({ token: fresh, secret: "new", salt })).toMatchObject(claims);
    await expect(stockDecode({ token: fresh, secret: "old", salt })).rejects.toThrow();
  });

  test("another salt (cookie name) or secret does not decrypt", async () => {
    const token = await encode({ token: claims, secret: "s1", salt });
    await expect(decode({ token, secret: "s1", salt: "__Secure-authjs.session-token" })).rejects.toThrow();
    await expect(decode({ token, secret: "s2", salt })).rejects.toThrow();
  });

  test("expired tokens are refused", async () => {
    const token = await encode({ token: claims, secret: "s1", salt, maxAge: -60 });
    await expect(decode({ token, secret: "s1", salt })).rejects.toThrow(/exp/);
  });

  test("keys and thumbprints are derived once per secret and salt", () => {
    expect(derivedKey("A256CBC-HS512", "s1", salt)).toBe(derivedKey("A256CBC-HS512", "s1", salt));
    expect(derivedKey("A256CBC-HS512", "s1", salt)).not.toBe(derivedKey("A256CBC-HS512", "s2", salt));
  });

  test("a token's header picks the key every time, parsed before or not", async () => {
    const token = await encode({ token: claims, secret: "s1", salt });
    for (let i = 0; i < 2; i++) {
      await expect(decode({ token, secret: "s2", salt })).rejects.toThrow(/no matching/);
      expect(await decode({ token, secret: ["s2", "s1"], salt })).toMatchObject(claims);
    }
    const [, ...rest] = token.split(".");
    const header = (fields: Record<string, unknown>) => Buffer.from(JSON.stringify(fields)).toString("base64url");
    const { kid } = JSON.parse(Buffer.from(token.split(".")[0] as string, "base64url").toString()) as { kid: string };
    const forged = [header({ alg: "dir", enc: "A128GCM", kid }), ...rest].join(".");
    await expect(decode({ token: forged, secret: "s1", salt })).rejects.toThrow(/not allowed/);
    const otherAlg = [header({ alg: "A256KW", enc: "A256CBC-HS512", kid }), ...rest].join(".");
    await expect(decode({ token: otherAlg, secret: "s1", salt })).rejects.toThrow(/not allowed/);
    const changedHeader = [header({ alg: "dir", enc: "A256CBC-HS512", kid, x: 1 }), ...rest].join(".");
    await expect(decode({ token: changedHeader, secret: "s1", salt })).rejects.toThrow();
  });

  test("an empty secret is refused", async () => {
    await expect(encode({ token: claims, secret: "", salt })).rejects.toThrow(/secret/);
    await expect(encode({ token: claims, secret: [], salt })).rejects.toThrow(/secret/);
  });
});

import { type KeyObject, createCipheriv, createHmac } from "node:crypto";
import { decode as stockDecode, encode as stockEncode } from "@auth/core/jwt";
import fc from "fast-check";
import { compactDecrypt } from "jose";
import { describe, expect, test } from "vitest";
import { type Segments, isCanonicalBase64url } from "../../src/crypto/jwe-format.js";
import { nativeCbc, nativeCbcOn, passesSelfTest } from "../../src/crypto/jwe.js";
import { decode, derivedKey, encode } from "../../src/crypto/jwt.js";

const salt = "authjs.session-token";
const secret = "jwe-test-secret";
const claims = { sub: "alice", email: "alice@example.com", selectedCompanyId: "acme" };
const decryptOptions = { keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256CBC-HS512"] };

const parts = (token: string) => token.split(".") as unknown as Segments;

describe("native A256CBC-HS512 (node:crypto) against jose", () => {
  test("runs on Node", () => {
    expect(nativeCbc).toBeDefined();
  });

  test("what one writes the other reads, for any claims", async () => {
    const { key } = await derivedKey("A256CBC-HS512", secret, salt);
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }),
        async (extra) => {
          const token = { ...extra, ...claims };
          const ours = await encode({ token, secret, salt });
          const { plaintext } = await compactDecrypt(ours, key, decryptOptions);
          const expected = JSON.parse(JSON.stringify(token)) as Record<string, unknown>;
          expect(JSON.parse(new TextDecoder().decode(plaintext))).toMatchObject(expected);
          const stock = await stockEncode({ token, secret, salt });
          expect(await decode({ token: stock, secret, salt })).toMatchObject(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  test("every token gets its own IV, across refills of the IV pool", async () => {
    const { key } = await derivedKey("A256CBC-HS512", secret, salt);
    const header = (await encode({ token: claims, secret, salt })).split(".")[0] as string;
    const ivs = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const token = nativeCbc?.encrypt(JSON.stringify(claims), key, header) ?? "";
      const iv = token.split(".")[2] as string;
      expect(Buffer.from(iv, "base64url").byteLength).toBe(16);
      ivs.add(iv);
      expect(new TextDecoder().decode(nativeCbc?.decrypt(parts(token), key))).toBe(JSON.stringify(claims));
    }
    expect(ivs.size).toBe(1000);
  });

  test("each part is checked: key, IV, tag, ciphertext, header", async () => {
    const token = await encode({ token: claims, secret, salt });
    const [header, , iv, ciphertext, tag] = token.split(".") as [string, string, string, string, string];
    const { key } = await derivedKey("A256CBC-HS512", secret, salt);
    const flip = (part: string) => (part[0] === "A" ? "B" : "A") + part.slice(1);
    const refused = [
      [header, "AAAA", iv, ciphertext, tag],
      [header, "", "", ciphertext, tag],
      [header, "", "AAAAAAAAAAAAAAAA", ciphertext, tag],
      [header, "", iv, ciphertext, ""],
      [header, "", iv, ciphertext, tag.slice(0, -2)],
      [header, "", flip(iv), ciphertext, tag],
      [header, "", iv, flip(ciphertext), tag],
      [header, "", iv, ciphertext, flip(tag)],
      [header, "", iv, "", tag],
      [header, "", iv, ciphertext, tag, ""],
    ].map((parts) => parts.join("."));
    // The same error (class and message) as stock decode (jose 6): what Auth.js logs for a bad cookie stays the same.
    const failure = async (run: () => unknown) => {
      try {
        await run();
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
      return "accepted";
    };
    for (const forged of refused) {
      const stock = await failure(() => stockDecode({ token: forged, secret, salt }));
      expect(stock).not.toBe("accepted");
      expect(await failure(() => decode({ token: forged, secret, salt }))).toBe(stock);
    }
    // A tag of another length or value is refused by the native decryption itself, as jose refuses it.
    for (const badTag of [tag.slice(0, -3), flip(tag)]) {
      expect(await failure(() => nativeCbc?.decrypt(parts([header, "", iv, ciphertext, badTag].join(".")), key))).toBe(
        "JWEDecryptionFailed: decryption operation failed",
      );
    }
    expect(() => nativeCbc?.decrypt(parts(token), key.subarray(0, 32))).toThrow(/Key length/);
  });

  test("a ciphertext that does not decrypt is refused even under a tag made with the key", async () => {
    const token = await encode({ token: claims, secret, salt });
    const [header, , iv64] = token.split(".") as [string, string, string];
    const { key } = await derivedKey("A256CBC-HS512", secret, salt);
    // Two blocks of zeros encrypted without padding: the padding check fails (RFC 7518 §5.2.2.2 step 4).
    const iv = Buffer.from(iv64, "base64url");
    const cipher = createCipheriv("aes-256-cbc", key.subarray(32), iv).setAutoPadding(false);
    const ciphertext = Buffer.concat([cipher.update(Buffer.alloc(32)), cipher.final()]);
    const aadBits = Buffer.alloc(8);
    aadBits.writeUInt32BE(header.length * 8, 4);
    const tag = createHmac("sha512", key.subarray(0, 32))
      .update(header)
      .update(iv)
      .update(ciphertext)
      .update(aadBits)
      .digest()
      .subarray(0, 32);
    const forged = [header, "", iv64, ciphertext.toString("base64url"), tag.toString("base64url")].join(".");
    await expect(compactDecrypt(forged, key, decryptOptions)).rejects.toThrow("decryption operation failed");
    expect(() => nativeCbc?.decrypt(parts(forged), key)).toThrow("decryption operation failed");
  });

  test("the self-test passes Node's node:crypto and the RFC 7518 B.3 answer", async () => {
    const nodeCrypto = await import("node:crypto");
    expect(passesSelfTest(nodeCrypto)).toBe(true);
    expect(nativeCbcOn(nodeCrypto)).toBeDefined();
    expect(nativeCbcOn(undefined)).toBeUndefined();
  });

  test("a node:crypto that throws (workerd's nodejs_compat) or answers wrong fails the self-test: the codec takes jose", async () => {
    const nodeCrypto = await import("node:crypto");
    // workerd's Cipheriv.update takes no string without an encoding: what broke sign-in there.
    const workerdLike = {
      ...nodeCrypto,
      createCipheriv: () => ({
        update: () => {
          throw new TypeError(
            "The argument 'inputEncoding' If inputEncoding is not provided then the data must be a Buffer",
          );
        },
      }),
    } as unknown as typeof nodeCrypto;
    expect(nativeCbcOn(workerdLike)).toBeUndefined();
    // An HMAC that is not SHA-512 gives another tag: the known answer catches it.
    const wrongHash = {
      ...nodeCrypto,
      createHmac: (_: string, key: KeyObject) => nodeCrypto.createHmac("sha384", key),
    } as unknown as typeof nodeCrypto;
    expect(passesSelfTest(wrongHash)).toBe(false);
    // A decryption that returns other bytes than were encrypted fails the round trip.
    const wrongDecipher = {
      ...nodeCrypto,
      createDecipheriv: () => ({ update: () => Buffer.from("x"), final: () => Buffer.alloc(0) }),
    } as unknown as typeof nodeCrypto;
    expect(passesSelfTest(wrongDecipher)).toBe(false);
  });

  test("canonical base64url: the alphabet, no padding, a possible length, zero low bits", () => {
    for (const ok of [
      "",
      "AA",
      "AAA",
      "AAAA",
      "QQ",
      "QUE",
      "-_-_",
      Buffer.from("any bytes\u00ff").toString("base64url"),
    ]) {
      expect(isCanonicalBase64url(ok)).toBe(true);
    }
    for (const bad of ["A", "AAAAA", "QR", "QUF", "AA==", "AA=", "A+/A", "AA AA", "AA\nA", "A!A!", "AÀAA", "AA.A"]) {
      expect(isCanonicalBase64url(bad)).toBe(false);
    }
  });

  test("a header jose refuses is refused: compression, critical extensions", async () => {
    const token = await encode({ token: claims, secret, salt });
    const [, ...rest] = token.split(".");
    const { kid } = JSON.parse(Buffer.from(token.split(".")[0] as string, "base64url").toString()) as { kid: string };
    const header = (fields: Record<string, unknown>) => Buffer.from(JSON.stringify(fields)).toString("base64url");
    for (const fields of [{ zip: "DEF" }, { crit: ["exp"], exp: 1 }, { zip: null }]) {
      const forged = [header({ alg: "dir", enc: "A256CBC-HS512", kid, ...fields }), ...rest].join(".");
      await expect(decode({ token: forged, secret, salt })).rejects.toThrow();
    }
  });
});

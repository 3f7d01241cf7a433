import { createCipheriv, createHmac, randomBytes } from "node:crypto";
import { decode as stockDecode } from "@auth/core/jwt";
import { CompactEncrypt } from "jose";
import { describe, expect, test } from "vitest";
import { decode, derivedKey, encode } from "../../src/crypto/jwt.js";

// Each token here is one stock `decode` refuses and the core used to read (issue #25 item 6),
// made with the app's own key: the core refuses it too, with stock's error class and message.

const salt = "authjs.session-token";
const secret = "token-strictness-secret-0123456789abcdef";
const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");
const utf8 = (text: string) => new TextEncoder().encode(text);
const future = Math.floor(Date.now() / 1000) + 3600;

/** dir + A256CBC-HS512 with node:crypto directly (not the code under test): any header bytes, any plaintext bytes. */
async function seal(header: Uint8Array | Record<string, unknown>, plaintext: Uint8Array) {
  const { key, kid } = await derivedKey("A256CBC-HS512", secret, salt);
  const headerBytes =
    header instanceof Uint8Array ? header : utf8(JSON.stringify({ alg: "dir", enc: "A256CBC-HS512", kid, ...header }));
  const protectedHeader = b64(headerBytes);
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key.subarray(32), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const al = Buffer.alloc(8);
  al.writeUInt32BE(protectedHeader.length * 8, 4);
  const tag = createHmac("sha512", key.subarray(0, 32))
    .update(protectedHeader)
    .update(iv)
    .update(ciphertext)
    .update(al)
    .digest()
    .subarray(0, 32);
  return [protectedHeader, "", b64(iv), b64(ciphertext), b64(tag)].join(".");
}

/** Through jose's own CompactEncrypt, as the issue asks: claims of any shape under the app's key. */
async function josed(claims: Record<string, unknown>, header: Record<string, unknown> = {}) {
  const { key, kid } = await derivedKey("A256CBC-HS512", secret, salt);
  return new CompactEncrypt(utf8(JSON.stringify(claims)))
    .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512", kid, ...header })
    .encrypt(key);
}

const failure = (run: () => Promise<unknown>) =>
  run().then(
    () => "accepted",
    (error: Error) => `${error.name}: ${error.message}`,
  );

async function refusedAsStock(token: string, expected: string) {
  expect(await failure(() => stockDecode({ token, secret, salt }))).toBe(expected);
  expect(await failure(() => decode({ token, secret, salt }))).toBe(expected);
}

const withBang = (part: string) => part.split("").join("!");

describe("the cases stock refuses and the core read", () => {
  test.each([
    [2, "iv"],
    [3, "ciphertext"],
    [4, "tag"],
  ] as const)(
    "1–3. `!` between every character of part %i (%s): one session, one cookie string",
    async (index, label) => {
      const parts = (await encode({ token: { sub: "alice" }, secret, salt })).split(".");
      const forged = parts.with(index, withBang(parts[index] as string)).join(".");
      await refusedAsStock(forged, `JWEInvalid: Failed to base64url decode the ${label}`);
    },
  );

  test("4. base64 `+` and `/` for base64url `-` and `_`", async () => {
    let token = "";
    // A token whose ciphertext has a `-` or `_` to swap.
    while (!/[-_]/.test(token.split(".")[3] ?? ""))
      token = await encode({ token: { sub: "alice", n: Math.random() }, secret, salt });
    const parts = token.split(".");
    const swapped = (parts[3] as string).replaceAll("-", "+").replaceAll("_", "/");
    await refusedAsStock(parts.with(3, swapped).join("."), "JWEInvalid: Failed to base64url decode the ciphertext");
  });

  test("5. a protected header without enc", async () => {
    const { kid } = await derivedKey("A256CBC-HS512", secret, salt);
    const token = await seal(utf8(JSON.stringify({ alg: "dir", kid })), utf8(JSON.stringify({ sub: "alice" })));
    await refusedAsStock(token, "JWEInvalid: missing JWE Encryption Algorithm (enc) in JWE Header");
  });

  test.each([
    ["iss", "https://issuer.example", { iss: "https://other.example" }],
    ["sub", "alice", { sub: "mallory" }],
    ["aud", ["a", "b"], { aud: ["b", "a"] }],
  ])("6–8. header %s not replicated in the claims (jwtDecrypt's check)", async (claim, headerValue, claims) => {
    const token = await josed({ ...claims, exp: future }, { [claim]: headerValue });
    await refusedAsStock(token, `JWTClaimValidationFailed: replicated "${claim}" claim header parameter mismatch`);
    // Replicated as it should be, the same header reads on both.
    const fine = await josed({ [claim]: headerValue, exp: future }, { [claim]: headerValue });
    expect(await decode({ token: fine, secret, salt })).toEqual(await stockDecode({ token: fine, secret, salt }));
  });

  test.each(["iat", "nbf", "exp"])(
    "9. %s that is not a number: JWTClaimValidationFailed, not a time check",
    async (claim) => {
      await refusedAsStock(
        await josed({ sub: "alice", [claim]: "x" }),
        `JWTClaimValidationFailed: "${claim}" claim must be a number`,
      );
    },
  );

  test("10. claims that are not UTF-8", async () => {
    const bytes = utf8(JSON.stringify({ sub: "alice", name: "AB" }));
    bytes[bytes.indexOf(0x41)] = 0xff; // "A" of "AB" becomes a byte no UTF-8 text has
    await refusedAsStock(await seal({}, bytes), "JWTInvalid: JWT Claims Set must be a top-level JSON object");
  });

  test("11. a protected header that is not UTF-8", async () => {
    const { kid } = await derivedKey("A256CBC-HS512", secret, salt);
    const header = utf8(JSON.stringify({ alg: "dir", enc: "A256CBC-HS512", kid, x: "AB" }));
    header[header.lastIndexOf(0x41)] = 0xc3; // a lead byte without its continuation
    await refusedAsStock(await seal(header, utf8('{"sub":"alice"}')), "JWEInvalid: JWE Protected Header is invalid");
  });
});

describe("refused tokens log stock's error, not another", () => {
  test("a header that is not base64url JSON: JWEInvalid, not a TypeError", async () => {
    const rest = (await encode({ token: { sub: "alice" }, secret, salt })).split(".").slice(1);
    for (const header of ["", "e30!", b64("[1]"), b64("not json")]) {
      await refusedAsStock([header, ...rest].join("."), "JWEInvalid: JWE Protected Header is invalid");
    }
  });

  test("claims that are not JSON: JWTInvalid, not a SyntaxError", async () => {
    await refusedAsStock(await seal({}, utf8('{"sub":')), "JWTInvalid: JWT Claims Set must be a top-level JSON object");
  });

  test("an encrypted key under a secret that matches no kid: the key is looked for first, as stock does", async () => {
    const parts = (await encode({ token: { sub: "alice" }, secret: "another-secret-0123456789abcdef", salt })).split(
      ".",
    );
    await refusedAsStock(parts.with(1, "AAAA").join("."), "Error: no matching decryption secret");
    await refusedAsStock(parts.with(1, "AA!A").join("."), "JWEInvalid: Failed to base64url decode the encrypted_key");
  });

  test("a malformed crit, and a zip jose does not know", async () => {
    await refusedAsStock(
      await seal({ crit: [] }, utf8("{}")),
      'JWEInvalid: "crit" (Critical) Header Parameter MUST be an array of non-empty strings when present',
    );
    await refusedAsStock(
      await seal({ zip: "GZIP" }, utf8("{}")),
      'JOSENotSupported: Unsupported JWE "zip" (Compression Algorithm) Header Parameter value.',
    );
  });
});

describe("stricter than stock: a part that is not canonical base64url", () => {
  test("whitespace, `=` padding and non-zero unused bits, which stock's atob reads, are refused", async () => {
    const token = await encode({ token: { sub: "alice" }, secret, salt });
    const [header, , iv, ciphertext, tag] = token.split(".") as [string, string, string, string, string];
    // The tag's last character carries 2 unused bits: the next character decodes to the same bytes.
    const last = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const lowBits = tag.slice(0, -1) + last[last.indexOf(tag.slice(-1)) + 1];
    const variants = [
      [header, "", `${iv.slice(0, 4)} ${iv.slice(4)}`, ciphertext, tag, "iv"],
      [header, "", iv, `${ciphertext}\n`, tag, "ciphertext"],
      [header, "", `${iv}==`, ciphertext, tag, "iv"],
      [header, "", iv, ciphertext, `${tag}=`, "tag"],
      [header, "", iv, ciphertext, lowBits, "tag"],
    ];
    for (const [h, k, i, c, t, label] of variants) {
      const forged = [h, k, i, c, t].join(".");
      expect(await stockDecode({ token: forged, secret, salt })).toMatchObject({ sub: "alice" });
      expect(await failure(() => decode({ token: forged, secret, salt }))).toBe(
        `JWEInvalid: Failed to base64url decode the ${label}`,
      );
    }
  });
});

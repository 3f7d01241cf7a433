/** The command's masking: what it prints and writes never holds a secret, a password, a token or a cookie's value. */
import { describe, expect, test } from "vitest";
import { MASK, Masker, shown } from "../src/mask.js";

const JWE = `eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..${"a".repeat(22)}.${"b".repeat(300)}.${"c".repeat(43)}`;

describe("Masker", () => {
  test("known values, wherever they appear, also URL-encoded and cut short", () => {
    const sessionId = "0b8e5a1c-5f0e-4d5e-9f7a-2b1c3d4e5f60";
    const masker = new Masker().add("s3cret-value-0123456789", "ann-password", undefined, "x");
    const out = masker.text(
      `secret s3cret-value-0123456789, ${encodeURIComponent("ann-password&")} db ${sessionId.slice(0, 20)}`,
      [sessionId],
    );
    expect(out).toBe(`secret ${MASK}, ${MASK}%26 db ${MASK}`);
    // Two secrets that share a start are each masked whole.
    const two = new Masker().add("example-test-secret-current-0123456789", "example-test-secret-previous-012345678");
    expect(two.text("a example-test-secret-previous-012345678 b example-test-secret-current-0123456789")).toBe(
      `a ${MASK} b ${MASK}`,
    );
    // Values too short to tell from ordinary words are left to the patterns.
    expect(masker.text("x marks the spot")).toBe("x marks the spot");
  });

  test("password, CSRF and token fields in JSON (also escaped in a quoted body) and forms", () => {
    const masker = new Masker();
    expect(masker.text('{"csrfToken":"abc","password":"hunter2","data":{"sub":"bob"}}')).toBe(
      `{"csrfToken":"${MASK}","password":"${MASK}","data":{"sub":"bob"}}`,
    );
    expect(masker.text('body: {\\"sessionToken\\":\\"0b8e\\",\\"user\\":1}')).toBe(
      `body: {\\"sessionToken\\":"${MASK}",\\"user\\":1}`,
    );
    expect(masker.text("csrfToken=abc&email=ann%40example.com&password=hunter2")).toBe(
      `csrfToken=${MASK}&email=ann%40example.com&password=${MASK}`,
    );
  });

  test("session and CSRF cookies by name, and JWEs whole or cut short", () => {
    const masker = new Masker();
    expect(masker.text(`cookie: authjs.session-token.0=${JWE}; __Host-authjs.csrf-token=abc%7Cdef`)).toBe(
      `cookie: authjs.session-token.0=${MASK}; __Host-authjs.csrf-token=${MASK}`,
    );
    expect(masker.text(`got ${JWE} and ${JWE.slice(0, 40)}`)).toBe(`got ${MASK} and ${MASK}`);
  });

  test("value() masks every string of a report, keys kept", () => {
    const masker = new Masker().add("ann-password");
    expect(
      masker.value({
        sent: "password=ann-password",
        got: { status: 200, body: `{"seen":"${JWE}"}` },
        list: ["ann-password"],
      }),
    ).toEqual({
      sent: `password=${MASK}`,
      got: { status: 200, body: `{"seen":"${MASK}"}` },
      list: [MASK],
    });
  });
});

test("shown: a config value under a secret or password key shows its shape only", () => {
  expect(shown("secret", ["real-secret", null])).toBe(`["${MASK}",null]`);
  expect(shown("users.member.password", 123456)).toBe(`"${MASK}"`);
  expect(shown("values.member", ["team-a"])).toBe('["team-a"]');
});

import { describe, expect, test } from "vitest";
import { z } from "zod";
import { RESERVED_CLAIMS, createSafeSession, defineUpdates } from "../src/index.js";
import { createTestSession, testConfig } from "./support/fixture.js";
import { updateRequest } from "./support/signed-in.js";

// Identity and token claims, safe-session's own claims (revalidation stamps, session id,
// revision) and the names that reach an object's prototype: none may be an update field.
const IDENTITY = ["sub", "email", "iat", "exp", "jti", "iss", "aud", "nbf"];
const INTERNAL = ["ssv", "sid", "rev"];
const PROTOTYPE = ["__proto__", "prototype", "constructor"];

/** A definitions object with `name` as an own key, as plain JavaScript (no types) could declare it. */
function declaring(name: string) {
  const definitions: Record<string, unknown> = { theme: { schema: z.string() } };
  Object.defineProperty(definitions, name, { value: { schema: z.string() }, enumerable: true });
  return definitions as never;
}

describe("reserved and internal names are refused at run time", () => {
  test("RESERVED_CLAIMS lists exactly the identity and token claims", () => {
    expect([...RESERVED_CLAIMS].sort()).toEqual([...IDENTITY].sort());
  });

  test.each([...IDENTITY, ...INTERNAL, ...PROTOTYPE])("defineUpdates refuses %s", (name) => {
    expect(() => defineUpdates(declaring(name))).toThrow(TypeError);
    expect(() => defineUpdates(declaring(name))).toThrow(`"${name}" cannot be an update field`);
  });

  test.each([...IDENTITY, ...INTERNAL, ...PROTOTYPE])("createSafeSession refuses %s", (name) => {
    expect(() => createSafeSession({ config: testConfig(), updates: declaring(name), env: {} })).toThrow(
      `"${name}" cannot be an update field`,
    );
  });

  test("the error names every identity claim, so the developer sees the rule", () => {
    expect(() => defineUpdates(declaring("ssv"))).toThrow(IDENTITY.join(", "));
  });

  test("ordinary names, display claims included, are accepted", () => {
    expect(() =>
      defineUpdates({
        theme: { schema: z.string() },
        name: { schema: z.string() },
        subscription: { schema: z.string() },
      }),
    ).not.toThrow();
  });
});

describe("reserved and internal names are refused in an update", () => {
  test.each([...IDENTITY, ...INTERNAL, ...PROTOTYPE])(
    "data.%s is UNKNOWN_FIELD, even if added to the definitions later",
    async (name) => {
      const safe = createTestSession();
      // Plain JavaScript can add a key to the definitions object after the session was created.
      Object.defineProperty(safe.updates, name, {
        value: { schema: z.unknown() },
        enumerable: true,
        configurable: true,
      });
      const data = JSON.parse(`{"${name}": 1}`) as Record<string, unknown>;
      const response = await safe.handler(await updateRequest(data));
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "UNKNOWN_FIELD", field: name } });
    },
  );
});

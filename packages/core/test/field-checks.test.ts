import { describe, expect, test, vi } from "vitest";
import { z } from "zod";
import { ORIGIN, testConfig } from "./support/fixture.js";
import { sessionCookie } from "./support/signed-in.js";
import { createSafeSession } from "../src/create-safe-session.js";
import { defineUpdates, type UpdateDefinitions } from "../src/define-updates.js";
import { runAuthorize } from "../src/field-checks.js";

const logger = () => ({ error: vi.fn() });
const context = { value: "acme", token: { sub: "alice" }, request: new Request("http://localhost/") };

describe("defineUpdates", () => {
  test.each(["sub", "email", "iat", "exp", "jti", "iss", "aud", "nbf", "__proto__", "constructor"])(
    "refuses %s as a field",
    (name) => {
      expect(() => defineUpdates(JSON.parse(`{"${name}": {"schema": null}}`))).toThrow(TypeError);
      expect(() => defineUpdates({ [name]: { schema: z.string() } } as never)).toThrow(/cannot be an update field/);
    },
  );

  test("accepts display claims and needs a Standard Schema", () => {
    expect(() => defineUpdates({ name: { schema: z.string() }, picture: { schema: z.url() } })).not.toThrow();
    expect(() => defineUpdates({ theme: { schema: "string" as never } })).toThrow(/Standard Schema/);
    expect(() => defineUpdates({ theme: { schema: z.string(), revalidate: { everySeconds: -1 } } })).toThrow(
      /everySeconds/,
    );
  });
});

// The allow-list and the schemas as an app meets them: through `updateSession`.
describe("a patch's keys and values", () => {
  const updates = defineUpdates({ a: { schema: z.string().max(3) }, b: { schema: z.number().int() } });
  const patch = async (definitions: UpdateDefinitions, data: Record<string, unknown>) => {
    const safe = createSafeSession({ config: testConfig(), updates: definitions, env: {} });
    const request = new Request(`${ORIGIN}/action`, {
      method: "POST",
      headers: { origin: ORIGIN, cookie: await sessionCookie() },
    });
    return (await safe.updateSession(request, data as never)).session as Record<string, unknown> | null;
  };

  test("checks the allow-list for every key before any schema", async () => {
    await expect(patch(updates, { b: "not a number", role: "admin" })).rejects.toMatchObject({
      code: "UNKNOWN_FIELD",
      field: "role",
    });
  });

  test("null clears without running the schema", async () => {
    expect(await patch(updates, { a: "abc" })).toMatchObject({ a: "abc" });
    expect(await patch(updates, { a: null })).not.toHaveProperty("a");
  });

  test("schema issues name the field and path, not the value", async () => {
    const error = await patch(updates, { a: "secret-value" }).catch((e) => e);
    expect(error).toMatchObject({ code: "INVALID_VALUE", field: "a" });
    expect(error.message).not.toContain("secret-value");
  });

  test("works with any Standard Schema validator", async () => {
    const custom = defineUpdates({
      x: {
        schema: {
          "~standard": {
            version: 1,
            vendor: "test",
            validate: async (v: unknown) => (v === 1 ? { value: 1 } : { issues: [{ message: "one only" }] }),
          },
        },
      },
    });
    expect(await patch(custom, { x: 1 })).toMatchObject({ x: 1 });
    await expect(patch(custom, { x: 2 })).rejects.toMatchObject({ code: "INVALID_VALUE", message: "x: one only" });
  });
});

describe("runAuthorize", () => {
  const field = (authorize: () => unknown) => ({ schema: z.string(), authorize });

  test.each([
    ["true", () => true, true],
    ["a promise of true", async () => true, true],
    ["false", () => false, false],
    ["a truthy non-boolean", () => "yes", false],
    ["a promise of 1", async () => 1, false],
    ["undefined", () => undefined, false],
  ])("%s", async (_label, authorize, expected) => {
    expect(await runAuthorize("f", field(authorize), context, 100, logger())).toBe(expected);
  });

  test("a throw is a no, logged by name without its message", async () => {
    const log = logger();
    const ok = await runAuthorize(
      "f",
      field(() => {
        throw new TypeError("password=hunter2");
      }),
      context,
      100,
      log,
    );
    expect(ok).toBe(false);
    expect(log.error).toHaveBeenCalledOnce();
    expect(String(log.error.mock.calls[0]?.[0].message)).toContain("TypeError");
    expect(JSON.stringify(log.error.mock.calls)).not.toContain("hunter2");
  });

  test("a time-out is a no", async () => {
    const log = logger();
    expect(
      await runAuthorize(
        "f",
        field(() => new Promise(() => {})),
        context,
        20,
        log,
      ),
    ).toBe(false);
    expect(String(log.error.mock.calls[0]?.[0].message)).toMatch(/timed out/);
  });
});

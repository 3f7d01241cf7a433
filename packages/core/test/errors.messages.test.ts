import type { StandardSchemaV1 } from "@standard-schema/spec";
import { describe, expect, test } from "vitest";
import { createSafeSession, defineUpdates } from "../src/index.js";
import { testConfig } from "./support/fixture.js";
import { updateRequest } from "./support/signed-in.js";

/** A Standard Schema that always fails with the given issue: exact messages, any validator. */
function failing(issue: StandardSchemaV1.Issue, async = false): StandardSchemaV1<unknown, unknown> {
  return {
    "~standard": {
      version: 1,
      vendor: "test",
      validate: () => (async ? Promise.resolve({ issues: [issue] }) : { issues: [issue] }),
    },
  };
}

async function refusal(
  schema: StandardSchemaV1<unknown, unknown>,
  data: Record<string, unknown> = { prefs: { secret: "hunter2" } },
) {
  const safe = createSafeSession({ config: testConfig(), updates: defineUpdates({ prefs: { schema } }), env: {} });
  const response = await safe.handler(await updateRequest(data));
  return {
    status: response.status,
    body: (await response.json()) as { error: { code: string; message: string; field?: string } },
  };
}

describe("INVALID_VALUE messages name the field and path, never the value", () => {
  test("the path joins keys and indexes with dots after the field", async () => {
    const { status, body } = await refusal(failing({ message: "Expected string", path: ["a", { key: 0 }, "b"] }));
    expect(status).toBe(400);
    expect(body.error).toEqual({ code: "INVALID_VALUE", message: "prefs.a.0.b: Expected string", field: "prefs" });
  });

  test("no path: the field alone; an async schema answers the same", async () => {
    expect((await refusal(failing({ message: "Too short" }, true))).body.error.message).toBe("prefs: Too short");
  });

  test("path segments that are not keys (symbols) are left out", async () => {
    const { body } = await refusal(failing({ message: "Bad", path: [Symbol("s"), "a", { key: Symbol("t") }] }));
    expect(body.error.message).toBe("prefs.a: Bad");
  });

  test("control characters in a message become spaces", async () => {
    const { body } = await refusal(failing({ message: "line\none\u0000\u001f\u007f\u009fend" }));
    expect(body.error.message).toBe("prefs: line one    end");
  });

  test("a message is cut at 160 characters", async () => {
    const exact = "m".repeat(160);
    expect((await refusal(failing({ message: exact }))).body.error.message).toBe(`prefs: ${exact}`);
    expect((await refusal(failing({ message: `${exact}X` }))).body.error.message).toBe(`prefs: ${exact}…`);
  });

  test("an issue without a message reads Invalid value", async () => {
    const schema: StandardSchemaV1<unknown, unknown> = {
      "~standard": { version: 1, vendor: "test", validate: () => ({ issues: [] }) },
    };
    expect((await refusal(schema)).body.error).toEqual({
      code: "INVALID_VALUE",
      message: "prefs: Invalid value",
      field: "prefs",
    });
  });
});

describe("UNKNOWN_FIELD shows the name back only in a printable, short form", () => {
  const safe = () =>
    createSafeSession({
      config: testConfig(),
      updates: defineUpdates({ theme: { schema: failing({ message: "x" }) } }),
      env: {},
    });

  test("control characters become ?", async () => {
    const response = await safe().handler(await updateRequest({ "a\u0000b\nc\u007f": 1 }));
    expect(await response.json()).toEqual({
      error: { code: "UNKNOWN_FIELD", message: '"a?b?c?" is not an updatable field', field: "a?b?c?" },
    });
  });

  test("a name is cut at 64 characters", async () => {
    const exact = "n".repeat(64);
    const ok = (await (await safe().handler(await updateRequest({ [exact]: 1 }))).json()) as {
      error: { field: string };
    };
    expect(ok.error.field).toBe(exact);
    const long = (await (await safe().handler(await updateRequest({ [`${exact}X`]: 1 }))).json()) as {
      error: { field: string; message: string };
    };
    expect(long.error.field).toBe(`${exact}…`);
    expect(long.error.message).toBe(`"${exact}…" is not an updatable field`);
  });

  test("every key is checked against the allow-list before any schema runs", async () => {
    const response = await safe().handler(await updateRequest({ theme: "dark", role: "admin" }));
    expect(await response.json()).toMatchObject({ error: { code: "UNKNOWN_FIELD", field: "role" } });
  });
});

describe("definitions are checked when created", () => {
  test.each([null, "fields", 42])("updates that are not an object (%j) are a TypeError", (updates) => {
    expect(() => createSafeSession({ config: testConfig(), updates: updates as never, env: {} })).toThrow(
      "safe-session: `updates` must be an object of field definitions",
    );
  });

  test.each([Number.NaN, Number.POSITIVE_INFINITY, -1])("revalidate.everySeconds %s is refused", (everySeconds) => {
    expect(() => defineUpdates({ theme: { schema: failing({ message: "x" }), revalidate: { everySeconds } } })).toThrow(
      '"theme".revalidate.everySeconds must be a number >= 0',
    );
  });

  test("revalidate.everySeconds 0 is accepted (re-check on every read)", () => {
    expect(() =>
      defineUpdates({ theme: { schema: failing({ message: "x" }), revalidate: { everySeconds: 0 } } }),
    ).not.toThrow();
  });

  test.each([
    undefined,
    null,
    {},
    { schema: {} },
    { schema: { "~standard": {} } },
    { schema: { "~standard": { validate: "no" } } },
  ])("a field without a Standard Schema (%j) is refused, naming the field", (field) => {
    expect(() => defineUpdates({ theme: field } as never)).toThrow('update field "theme" needs a Standard Schema');
  });
});

import { describe, expectTypeOf, test } from "vitest";
import { z } from "zod";
import { createSafeSession, defineUpdates, type SafeSessionData } from "./index.js";

const updates = defineUpdates({
  selectedCompanyId: {
    schema: z.string().min(1).max(64),
    authorize: ({ value }) => {
      expectTypeOf(value).toEqualTypeOf<string>();
      return true;
    },
  },
  seats: { schema: z.coerce.number().int() },
});
const safe = createSafeSession({ config: { providers: [] }, updates });
const request = new Request("http://localhost/");

describe("inferred types", () => {
  test("the session carries the update fields, optional", async () => {
    const session = await safe.getSession(request);
    expectTypeOf(session).toEqualTypeOf<SafeSessionData<typeof updates> | null>();
    expectTypeOf(session!.selectedCompanyId).toEqualTypeOf<string | undefined>();
    expectTypeOf(session!.seats).toEqualTypeOf<number | undefined>();
    expectTypeOf(session!.expires).toEqualTypeOf<string>();
  });

  test("updateSession takes the schema's input or null, and only known keys", () => {
    safe.updateSession(request, { selectedCompanyId: "acme" });
    safe.updateSession(request, { selectedCompanyId: null, seats: "3" });
    // @ts-expect-error: not an update field
    safe.updateSession(request, { role: "admin" });
    // @ts-expect-error: an identity claim
    safe.updateSession(request, { selectedCompanyId: "acme", sub: "bob" });
    // @ts-expect-error: the schema wants a string
    safe.updateSession(request, { selectedCompanyId: 42 });
  });

  test("identity claims cannot be declared", () => {
    // @ts-expect-error: `sub` is never an update field
    defineUpdates({ sub: { schema: z.string() } });
    // @ts-expect-error: `exp` is never an update field
    defineUpdates({ exp: { schema: z.number() } });
    defineUpdates({ name: { schema: z.string() } });
  });
});

import { describe, expectTypeOf, test } from "vitest";
import { z } from "zod";
import { type SafeSession, type SafeSessionData, createSafeSession, defineUpdates } from "../src/index.js";

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

  test("nextAuthV4 maps v4 claims only to update fields", () => {
    createSafeSession({
      config: { providers: [] },
      updates,
      nextAuthV4: { claims: { companyId: "selectedCompanyId" } },
    });
    createSafeSession({ config: { providers: [] }, updates, nextAuthV4: true });
    // @ts-expect-error: `role` is not an update field
    createSafeSession({ config: { providers: [] }, updates, nextAuthV4: { claims: { role: "role" } } });
  });

  test("identity claims cannot be declared", () => {
    // @ts-expect-error: `sub` is never an update field
    defineUpdates({ sub: { schema: z.string() } });
    // @ts-expect-error: `exp` is never an update field
    defineUpdates({ exp: { schema: z.number() } });
    defineUpdates({ name: { schema: z.string() } });
  });

  test("a config function with no context: entry points take none, and the context type is undefined", () => {
    expectTypeOf(safe).toEqualTypeOf<SafeSession<typeof updates, undefined>>();
    const plain = createSafeSession({
      config: (request) => ({ providers: [], basePath: new URL(request.url).pathname }),
      updates,
    });
    expectTypeOf(plain).toEqualTypeOf<SafeSession<typeof updates, undefined>>();
    plain.handler(request);
    plain.getSession(request, undefined);
  });

  test("the context is inferred from the config function and every entry point requires it", () => {
    interface Event {
      locals: { tenant: string };
    }
    const event: Event = { locals: { tenant: "acme" } };
    const withEvent = createSafeSession({
      config: (_request, context: Event) => ({ providers: [], basePath: `/${context.locals.tenant}/auth` }),
      clientAddress: (_request, context) => {
        expectTypeOf(context).toEqualTypeOf<Event>();
        return undefined;
      },
      updates,
    });
    expectTypeOf(withEvent).toEqualTypeOf<SafeSession<typeof updates, Event>>();
    withEvent.handler(request, event);
    withEvent.getSession(request, event);
    withEvent.readSession(request, event);
    withEvent.getToken(request, event);
    withEvent.updateSession(request, { selectedCompanyId: "acme" }, event);
    withEvent.signIn(request, "credentials", {}, {}, event);
    withEvent.signOut(request, {}, event);
    withEvent.revokeSession(request, event);
    withEvent.authConfig(request, event);
    // @ts-expect-error: the config function needs the event
    withEvent.handler(request);
    // @ts-expect-error: the config function needs the event
    withEvent.getSession(request);
    // @ts-expect-error: the config function needs the event
    withEvent.updateSession(request, { selectedCompanyId: "acme" });
    // @ts-expect-error: not the event
    withEvent.authConfig(request, { tenant: "acme" });
  });

  test("a context that may be undefined stays optional", () => {
    const optional = createSafeSession({
      config: (_request, _context: string | undefined) => ({ providers: [] }),
      updates,
    });
    optional.getSession(request);
    optional.getSession(request, "tenant");
  });
});

import type { ActionFunction, LoaderFunction } from "@remix-run/server-runtime";
import type { LoaderFunctionArgs as ReactRouterLoaderArgs } from "react-router";
import { describe, expectTypeOf, test } from "vitest";
import { z } from "zod";
import { type SafeSessionData, createRemixSafeSession, defineUpdates } from "./index.js";

const updates = defineUpdates({ selectedCompanyId: { schema: z.string().min(1).max(64) } });
const auth = createRemixSafeSession({ config: { providers: [] }, updates });
const request = new Request("http://localhost/");

describe("@safe-session/remix types", () => {
  test("loader and action fit Remix's and React Router 7's route exports", () => {
    expectTypeOf(auth.loader).toExtend<LoaderFunction>();
    expectTypeOf(auth.action).toExtend<ActionFunction>();
    expectTypeOf<ReactRouterLoaderArgs>().toExtend<Parameters<typeof auth.loader>[0]>();
  });

  test("sessions carry the update fields; requireSession's is never null", async () => {
    expectTypeOf(await auth.getSession(request)).toEqualTypeOf<SafeSessionData<typeof updates> | null>();
    const { session, headers } = await auth.requireSession(request);
    expectTypeOf(session.selectedCompanyId).toEqualTypeOf<string | undefined>();
    expectTypeOf(headers).toEqualTypeOf<Headers>();
  });

  test("updateSession takes only update fields, with the schema's input or null", () => {
    auth.updateSession(request, { selectedCompanyId: "acme" });
    auth.updateSession(request, { selectedCompanyId: null });
    // @ts-expect-error: not an update field
    auth.updateSession(request, { role: "admin" });
    // @ts-expect-error: the schema wants a string
    auth.updateSession(request, { selectedCompanyId: 42 });
  });
});

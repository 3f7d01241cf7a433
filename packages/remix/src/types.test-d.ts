import type {
  ActionFunction,
  AppLoadContext,
  LoaderFunction,
  LoaderFunctionArgs as RemixLoaderArgs,
} from "@remix-run/server-runtime";
import type { LoaderFunctionArgs as ReactRouterLoaderArgs } from "react-router";
import { describe, expectTypeOf, test } from "vitest";
import { z } from "zod";
import {
  type RemixSafeSession,
  type SafeSession,
  type SafeSessionData,
  createRemixSafeSession,
  defineUpdates,
} from "./index.js";

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

  test("with no context declared, the context is unknown and optional everywhere", () => {
    expectTypeOf(auth).toEqualTypeOf<RemixSafeSession<typeof updates, unknown>>();
    auth.getSession(request);
    auth.requireSession(request, {});
  });

  test("a config function of the load context: the loader hands it on, and server calls must pass it", async () => {
    interface Env {
      tenant: string;
    }
    const withContext = createRemixSafeSession({
      config: (_request, context: Env) => ({ providers: [], basePath: `/${context.tenant}/auth` }),
      updates,
    });
    expectTypeOf(withContext.safe).toEqualTypeOf<SafeSession<typeof updates, Env>>();
    expectTypeOf<Parameters<typeof withContext.loader>[0]>().toEqualTypeOf<{ request: Request } & { context: Env }>();
    const env: Env = { tenant: "acme" };
    withContext.loader({ request, context: env });
    // @ts-expect-error: the config function needs the context
    withContext.loader({ request });
    withContext.getSession(request, env);
    withContext.requireSession(request, {}, env);
    withContext.updateSession(request, { selectedCompanyId: "acme" }, env);
    withContext.signIn(request, "credentials", {}, {}, env);
    withContext.signOut(request, {}, env);
    // @ts-expect-error: the config function needs the context
    withContext.getSession(request);
    // @ts-expect-error: the config function needs the context
    withContext.updateSession(request, { selectedCompanyId: "acme" });
  });

  test("Remix's AppLoadContext as the context: the route's own args fit the binding's loader", () => {
    const remix = createRemixSafeSession({
      config: (_request, _context: AppLoadContext) => ({ providers: [] }),
      updates,
    });
    expectTypeOf<RemixLoaderArgs>().toExtend<Parameters<typeof remix.loader>[0]>();
    expectTypeOf(remix.loader).toExtend<LoaderFunction>();
  });
});

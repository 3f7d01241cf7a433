import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MiddlewareFunction,
  RouterContext,
  RouterContextProvider,
} from "react-router";
import { describe, expectTypeOf, test } from "vitest";
import { z } from "zod";
import { type SafeSessionData, createRemixSafeSession, createSessionMiddleware, defineUpdates } from "./index.js";

// Against React Router 7's own types (the package's dev dependency; 8 declares the same
// `RouterContext`, `RouterContextProvider` and `MiddlewareFunction`, checked by test-apps/react-router8).
const updates = defineUpdates({ selectedCompanyId: { schema: z.string().min(1).max(64) } });
const auth = createRemixSafeSession({ config: { providers: [] }, updates });
const { sessionContext, sessionMiddleware, updateSession } = createSessionMiddleware(auth);
/** Loader and action args with `future.v8_middleware` (7) or by default (8): the context provider. */
type Context = Readonly<RouterContextProvider>;

describe("createSessionMiddleware types", () => {
  test("the middleware is a server middleware; the key is a router context of the typed session", () => {
    expectTypeOf(sessionMiddleware).toExtend<MiddlewareFunction<Response>>();
    expectTypeOf(sessionContext).toExtend<RouterContext<SafeSessionData<typeof updates> | null>>();
  });

  test("context.get in a loader returns the typed session or null", () => {
    const loader = ({ context }: LoaderFunctionArgs<Context>) => context.get(sessionContext);
    expectTypeOf(loader).returns.toEqualTypeOf<SafeSessionData<typeof updates> | null>();
    expectTypeOf<Context>().toExtend<Parameters<typeof sessionMiddleware>[0]["context"]>();
  });

  test("updateSession takes an action's args and only declared fields", () => {
    const action = async (args: ActionFunctionArgs<Context>) => {
      await updateSession(args, { selectedCompanyId: "acme" });
      // @ts-expect-error: not an update field
      await updateSession(args, { role: "admin" });
    };
    expectTypeOf(action).toBeFunction();
  });
});

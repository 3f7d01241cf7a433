import { SafeSessionError } from "../errors.js";
import { contextOf } from "../context.js";
import { type ConfigContext, type Runtime, type SessionView, perRequest } from "../runtime.js";
import type { SessionBackend, SignedIn } from "./backend.js";
import { databaseBackend } from "./database.js";
import { jwtBackend } from "./jwt.js";

export function backendOf(ctx: ConfigContext): SessionBackend {
  return ctx.adapter ? databaseBackend : jwtBackend;
}

/** The session of a request, read once per request object. */
export function readSession(rt: Runtime, request: Request): Promise<SessionView> {
  return perRequest(rt.requests.session, request, async () => {
    const ctx = await contextOf(rt, request);
    // No secret or no usable adapter: nothing can be read (next-auth's `auth()` throws too).
    const broken = ctx.check.secret ?? ctx.check.providers;
    if (broken) throw broken;
    return backendOf(ctx).read(rt, ctx, request);
  });
}

/** Later reads of the same request see what an update left. */
export function rememberSession(rt: Runtime, request: Request, view: SessionView): void {
  rt.requests.session.set(request, Promise.resolve(view));
}

export async function signedInSession(rt: Runtime, request: Request): Promise<SignedIn> {
  const view = await readSession(rt, request);
  if (view.token === null) throw new SafeSessionError("UNAUTHENTICATED", "You are not signed in");
  return view as SignedIn;
}

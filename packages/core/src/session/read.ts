import { SafeSessionError } from "../errors.js";
import { contextOf } from "../config/resolve.js";
import type { ConfigContext, SessionView } from "../config/types.js";
import { type Runtime, perRequest } from "../config/runtime.js";
import type { SessionBackend, SignedIn } from "./backend.js";
import { databaseBackend } from "./database.js";
import { jwtBackend } from "./jwt.js";

export function backendOf(ctx: ConfigContext): SessionBackend {
  return ctx.adapter ? databaseBackend : jwtBackend;
}

/**
 * The session of a request, read once per request object. When an update of the request read it
 * first (stopped before the app's callbacks) and left no result, that read is finished here, not
 * made again (its revalidation's `authorize` calls already ran).
 */
export function readSession(rt: Runtime, request: Request): Promise<SessionView> {
  return perRequest(rt.requests.session, request, async () =>
    finishRead(rt, await (rt.requests.started.get(request) ?? startRead(rt, request))),
  );
}

function startRead(rt: Runtime, request: Request): Promise<SessionView> {
  return (async () => {
    const ctx = await contextOf(rt, request);
    // No secret or no usable adapter: nothing can be read (next-auth's `auth()` throws too).
    const broken = ctx.check.secret ?? ctx.check.providers;
    if (broken) throw broken;
    return backendOf(ctx).start(rt, ctx, request);
  })();
}

/** A started read with the app's callbacks run (`update`: a no-op update's patch); any other view as it is. */
export function finishRead(rt: Runtime, view: SessionView, update?: Record<string, unknown>): Promise<SessionView> {
  if (view.token === null || view.started === undefined) return Promise.resolve(view);
  return backendOf(view.ctx).finish(rt, view as SignedIn, update);
}

/** Later reads of the same request see what an update left. */
export function rememberSession(rt: Runtime, request: Request, view: SessionView): void {
  rt.requests.session.set(request, Promise.resolve(view));
}

/**
 * The session an update starts from: the request's own read when it made one (its callbacks ran
 * for that read; the update runs them once more, as Auth.js would on a read and then an update),
 * else a read stopped before the app's callbacks, so the update runs them once, as `Auth()` does
 * on `POST /session`.
 */
export async function signedInSession(rt: Runtime, request: Request): Promise<SignedIn> {
  const view = await (rt.requests.session.get(request) ??
    perRequest(rt.requests.started, request, () => startRead(rt, request)));
  if (view.token === null) throw new SafeSessionError("UNAUTHENTICATED", "You are not signed in");
  return view as SignedIn;
}

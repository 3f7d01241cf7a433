import { SafeSessionError } from "../errors.js";
import { contextOf } from "../context.js";
import type { ConfigContext, Runtime, SessionView } from "../runtime.js";
import type { SessionBackend, SignedIn } from "./backend.js";
import { databaseBackend } from "./database.js";
import { jwtBackend } from "./jwt.js";

export function backendOf(ctx: ConfigContext): SessionBackend {
  return ctx.adapter ? databaseBackend : jwtBackend;
}

/** The session of a request, read once per request object (again, in full, after a read for an update). */
export function readSession(rt: Runtime, request: Request): Promise<SessionView> {
  const cached = rt.requests.session.get(request);
  if (cached === undefined) return startRead(rt, request, false);
  return cached.then((view) => (view.forUpdate ? startRead(rt, request, false) : view));
}

function startRead(rt: Runtime, request: Request, forUpdate: boolean): Promise<SessionView> {
  const read = (async () => {
    const ctx = await contextOf(rt, request);
    // No secret or no usable adapter: nothing can be read (next-auth's `auth()` throws too).
    const broken = ctx.check.secret ?? ctx.check.providers;
    if (broken) throw broken;
    return backendOf(ctx).read(rt, ctx, request, forUpdate);
  })();
  rt.requests.session.set(request, read);
  return read;
}

/** Later reads of the same request see what an update left. */
export function rememberSession(rt: Runtime, request: Request, view: SessionView): void {
  rt.requests.session.set(request, Promise.resolve(view));
}

/** The session an update starts from: the request's own read if it made one, else a read for the update. */
export async function signedInSession(rt: Runtime, request: Request): Promise<SignedIn> {
  const view = await (rt.requests.session.get(request) ?? startRead(rt, request, true));
  if (view.token === null) throw new SafeSessionError("UNAUTHENTICATED", "You are not signed in");
  return view as SignedIn;
}

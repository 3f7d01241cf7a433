import type { JWT } from "@auth/core/jwt";
import type { SafeSessionError } from "./errors.js";
import { contextOf } from "./config/resolve.js";
import type { ConfigContext } from "./config/types.js";
import type { Runtime } from "./config/runtime.js";

/**
 * The one sink for the app's audit hooks (`events.onUpdate`, `events.onReject`): they run after
 * the answer is decided and never delay or change it; a throw is logged by name only.
 */
function runHook(ctx: ConfigContext, hook: () => void | Promise<void> | undefined): void {
  const fail = (error: unknown) =>
    ctx.logger.error(
      new Error(`safe-session: an event hook threw (${error instanceof Error ? error.name : typeof error})`),
    );
  try {
    const result = hook();
    if (result instanceof Promise) result.catch(fail);
  } catch (error) {
    fail(error);
  }
}

/** `onUpdate` once per accepted field. */
export function reportUpdate(
  rt: Runtime,
  ctx: ConfigContext,
  request: Request,
  before: JWT,
  after: JWT,
  fields: readonly string[],
): void {
  const onUpdate = rt.events?.onUpdate;
  if (!onUpdate) return;
  for (const field of fields) {
    const event = { userId: before.sub, field, from: before[field], to: after[field], request };
    runHook(ctx, () => onUpdate(event));
  }
}

/** `onReject` for a refused update, with the user when the session was read before the refusal. */
export async function reportRejection(rt: Runtime, request: Request, error: SafeSessionError): Promise<void> {
  const onReject = rt.events?.onReject;
  if (!onReject) return;
  // The request's read, or an update's read stopped before the app's callbacks (it has the token).
  const read = rt.requests.session.get(request) ?? rt.requests.started.get(request);
  const token = read ? (await read.catch(() => null))?.token : undefined;
  const ctx = await contextOf(rt, request).catch(() => undefined);
  if (ctx) runHook(ctx, () => onReject({ userId: token?.sub, code: error.code, field: error.field, request }));
}

import type { AdapterSession, AdapterUser } from "@auth/core/adapters";
import { EventError } from "@auth/core/errors";
import type { JWT } from "@auth/core/jwt";
import type { Session } from "@auth/core/types";
import { wrapCause } from "../config/check.js";
import type { ConfigContext } from "../config/types.js";
import type { Runtime } from "../config/runtime.js";

/** What a database session's `session` callback receives, beside the stored row. */
export interface DatabaseSessionInput {
  /** The adapter's row as read (Auth.js shows its stored `expires`, not the extended one). */
  row: AdapterSession;
  user: AdapterUser;
  /** The validated patch of an update; absent on a read. */
  newSession?: Record<string, unknown> | undefined;
}

/**
 * The arguments Auth.js hands a database session's `session` callback: `session` is the stored
 * row with `user` (so `session.userId`, `session.sessionToken`, `session.expires` as a `Date`),
 * plus `user`, `newSession`, and `trigger: "update"` on an update — no `token`, which is how
 * apps tell the strategies apart. Core adds the set update fields at the top level of `session`.
 */
function databaseSessionParams(input: DatabaseSessionInput, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    session: { ...input.row, user: input.user, ...fields },
    user: input.user,
    newSession: input.newSession,
    ...(input.newSession !== undefined ? { trigger: "update" } : {}),
  };
}

/**
 * Auth.js's default `session` callback (what a client sees without one): the user's name, email
 * and image, and `expires` as an ISO string; core keeps the update fields beside them.
 */
function defaultSession(session: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  // Never undefined: the adapter's user, or a set (non-null) update field named `user` spread over it.
  const user = session.user as { name?: unknown; email?: unknown; image?: unknown };
  const expires = session.expires as { toISOString?: () => string } | string | undefined;
  return {
    user: { name: user.name, email: user.email, image: user.image },
    expires: typeof expires === "object" && typeof expires.toISOString === "function" ? expires.toISOString() : expires,
    ...fields,
  };
}

/**
 * Token → the session the app sees: the set update fields at the top level, the app's `session`
 * callback with Auth.js's arguments for the strategy, then its `events.session`.
 */
export async function buildSession(
  rt: Runtime,
  ctx: ConfigContext,
  token: JWT,
  expires: Date,
  db?: DatabaseSessionInput,
): Promise<Session> {
  const fields: Record<string, unknown> = {};
  for (const field of rt.topLevelFields) {
    const value = token[field];
    if (value !== undefined && value !== null) fields[field] = value;
  }
  const callback = ctx.config.callbacks?.session;
  let result: unknown;
  let eventParams: Record<string, unknown>;
  if (db) {
    // Auth.js's database-session arguments; `name`/`picture` update fields show on the user.
    const user = { ...db.user };
    if (rt.fieldNames.includes("name") && typeof token.name === "string") user.name = token.name;
    if (rt.fieldNames.includes("picture") && typeof token.picture === "string") user.image = token.picture;
    const params = databaseSessionParams({ ...db, user }, fields);
    result = callback
      ? withoutSessionToken(await callback(params as unknown as Parameters<typeof callback>[0]))
      : defaultSession(params.session as Record<string, unknown>, fields);
    eventParams = { session: result };
  } else {
    const session = {
      user: { name: token.name, email: token.email, image: token.picture },
      expires: expires.toISOString(),
      ...fields,
    };
    result = callback ? await callback({ session, token } as unknown as Parameters<typeof callback>[0]) : session;
    eventParams = { session: result, token };
  }
  const event = ctx.config.events?.session;
  if (event) {
    try {
      await event(eventParams as Parameters<typeof event>[0]);
    } catch (error) {
      ctx.logger.error(wrapCause(EventError, error instanceof Error ? error : new Error("events.session failed")));
    }
  }
  return result as Session;
}

/**
 * The session token is an HttpOnly cookie by design; Auth.js answers it to script (and hands it to
 * `events.session`, often an audit log) when a `session` callback returns the whole row. Core never
 * does, whatever the callback returns.
 */
function withoutSessionToken(session: unknown): unknown {
  if (typeof session !== "object" || session === null || !("sessionToken" in session)) return session;
  const { sessionToken: _omitted, ...rest } = session as Record<string, unknown>;
  return rest;
}

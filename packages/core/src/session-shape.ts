import type { AdapterSession, AdapterUser } from "@auth/core/adapters";

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
export function databaseSessionParams(input: DatabaseSessionInput, fields: Record<string, unknown>): Record<string, unknown> {
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
export function defaultSession(session: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  const user = session.user as { name?: unknown; email?: unknown; image?: unknown } | undefined;
  const expires = session.expires as { toISOString?: () => string } | string | undefined;
  return {
    user: { name: user?.name, email: user?.email, image: user?.image },
    expires: typeof expires === "object" && typeof expires.toISOString === "function" ? expires.toISOString() : expires,
    ...fields,
  };
}

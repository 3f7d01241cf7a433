import type { Adapter } from "@auth/core/adapters";
import type { JWT } from "@auth/core/jwt";
import type { Cookie } from "../http/cookies.js";
import type { ConfigContext, DatabaseRow, SessionView } from "../config/types.js";
import { type Runtime, cookiesOf, failClosed } from "../config/runtime.js";
import { VERIFIED_AT_CLAIM } from "../claims.js";
import type { AcceptedPatch, SessionBackend, SignedIn } from "./backend.js";
import { revalidate } from "./revalidate.js";
import { revokedSince } from "./revocation.js";
import { buildSession } from "./build-session.js";
import { decodeStoredFields, encodeStoredFields } from "../store/stored-fields.js";
import { fieldsOf, verifiedAt } from "../claims.js";
import { storeKeys } from "../store/keys.js";
import { signedOut } from "./write.js";

/**
 * Database sessions: the cookie holds Auth.js's opaque session token, the adapter holds the
 * session, and the update fields live in the store under the hash of that token, with the
 * session's own expiry. The "token" a read returns is a view (`sub`, `email`, … and the fields),
 * so `authorize` reads the same as with JWT sessions.
 */
export const databaseBackend: SessionBackend = { start: startDatabase, finish: finishDatabase, commit: commitDatabase };

/**
 * The adapter's session and user, the fields from the store, the same revalidation, and the
 * expiry pushed forward once `updateAge` has passed (as Auth.js does, on reads and updates alike);
 * the `session` callback is `finishDatabase`'s.
 */
async function startDatabase(rt: Runtime, ctx: ConfigContext, request: Request): Promise<SessionView> {
  const adapter = ctx.adapter as Adapter;
  const sessionToken = cookiesOf(rt, request)[ctx.session.name] || undefined;
  const present = sessionToken ? [ctx.session.name] : [];
  if (!sessionToken || !adapter.getSessionAndUser) return signedOut(ctx, present, []);
  const found = await failClosed("adapter", () => adapter.getSessionAndUser?.(sessionToken));
  const now = Date.now();
  const endSession = async () => {
    await failClosed("adapter", async () => void (await adapter.deleteSession?.(sessionToken)));
    return signedOut(ctx, present);
  };
  if (!found) return signedOut(ctx, present);
  if (found.session.expires.valueOf() < now) return endSession();
  const { user } = found;
  const key = await storeKeys.databaseFields(sessionToken);
  const [raw, userRevokedAt] = await failClosed("store", () => rt.store.get([key, storeKeys.userRevoked(user.id)]));
  // Signed out everywhere after this session was created or last extended: it ends here.
  if (revokedSince(userRevokedAt, Math.floor((found.session.expires.valueOf() - ctx.maxAge * 1000) / 1000)))
    return endSession();
  const stored = decodeStoredFields(raw, { withRevision: false });
  const token: JWT = {
    sub: user.id,
    email: user.email,
    name: user.name ?? null,
    picture: user.image ?? null,
    ...stored?.fields,
  };
  if (stored && Object.keys(stored.verified).length > 0) token[VERIFIED_AT_CLAIM] = stored.verified;
  let expires = found.session.expires;
  const cookies: Cookie[] = [];
  const refresh = expires.valueOf() - ctx.maxAge * 1000 + ctx.updateAge * 1000 <= now;
  if (refresh) {
    expires = new Date(now + ctx.maxAge * 1000);
    await failClosed("adapter", () => adapter.updateSession?.({ sessionToken, expires }));
    cookies.push({ name: ctx.session.name, value: sessionToken, options: { ...ctx.session.options, expires } });
  }
  if ((await revalidate(rt, ctx, request, token)) || (refresh && raw)) await persistFields(rt, key, token, expires);
  return {
    ctx,
    token,
    present,
    cookies,
    session: null,
    db: { sessionToken, key, user, expires, row: found.session },
    started: { changed: false },
  };
}

/** The `session` callback with Auth.js's database arguments (`newSession` and `trigger: "update"` for a no-op update). */
async function finishDatabase(rt: Runtime, view: SignedIn, update?: Record<string, unknown>): Promise<SessionView> {
  // A signed-in view of this backend always carries its row (startDatabase sets it with the token).
  const db = view.db as DatabaseRow;
  const session = await buildSession(rt, view.ctx, view.token, db.expires, {
    row: db.row,
    user: db.user,
    newSession: update,
  });
  return { ctx: view.ctx, token: view.token, present: view.present, cookies: view.cookies, session, db };
}

/** The store holds the fields; the cookie (an opaque token) stays as it is. */
async function commitDatabase(
  rt: Runtime,
  view: SignedIn,
  { fields, values, draft }: AcceptedPatch,
): Promise<SessionView> {
  // A signed-in view of this backend always carries its row (startDatabase sets it with the token).
  const db = view.db as DatabaseRow;
  await persistFields(rt, db.key, draft, db.expires);
  const newSession = Object.fromEntries(fields.map((field) => [field, values[field]]));
  const session = await buildSession(rt, view.ctx, draft, db.expires, { row: db.row, user: db.user, newSession });
  // A new object, never the started view spread: it would carry `started` into the request's cache.
  return { ctx: view.ctx, token: draft, present: view.present, cookies: [], session, db };
}

/** Keeps a database session's fields in the store until the session itself expires. */
async function persistFields(rt: Runtime, key: string, token: JWT, expires: Date): Promise<void> {
  const fields = fieldsOf(token, rt.fieldNames);
  const ttl = Math.max(1, Math.ceil((expires.valueOf() - Date.now()) / 1000));
  const value =
    Object.keys(fields).length > 0
      ? encodeStoredFields({ rev: 0, fields, verified: verifiedAt(token) }, { withRevision: false })
      : "";
  await failClosed("store", () => rt.store.set(key, value, value ? ttl : 1));
}

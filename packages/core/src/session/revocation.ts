import type { JWT } from "@auth/core/jwt";
import { type Runtime, failClosed } from "../config/runtime.js";
import { REVISION_CLAIM } from "../claims.js";
import { nowSeconds } from "../time.js";
import { decodeStoredFields } from "../store/stored-fields.js";
import { revisionOf, sessionIdOf, setVerifiedAt } from "../claims.js";
import { storeKeys } from "../store/keys.js";

export interface TokenCheck {
  revoked: boolean;
  /** The token was older than the session's latest revision and was brought up to it. */
  healed: boolean;
  /** The store's record of the latest revision, as read (an update's compare-and-set expects it). */
  revisionRaw: string | undefined;
}

/**
 * Checks the store for a JWT: revoked (its user signed out everywhere after it was issued, or its
 * session revoked), or older than the session's latest update — which happens when a slower
 * response's `Set-Cookie` overwrote a newer token. An older token is brought up to date in place.
 */
export async function checkToken(rt: Runtime, token: JWT): Promise<TokenCheck> {
  const sid = sessionIdOf(token);
  const keys = [
    storeKeys.userRevoked(token.sub ?? ""),
    ...(sid ? [storeKeys.sessionRevoked(sid), storeKeys.revision(sid)] : []),
  ];
  const [userRevokedAt, sessionRevoked, revisionRaw] = await failClosed("store", () => rt.store.get(keys));
  const issuedAt = typeof token.iat === "number" ? token.iat : 0;
  if (revokedSince(userRevokedAt, issuedAt) || sessionRevoked !== undefined) {
    return { revoked: true, healed: false, revisionRaw };
  }
  const latest = decodeStoredFields(revisionRaw, { withRevision: true });
  if (!latest || latest.rev <= revisionOf(token)) return { revoked: false, healed: false, revisionRaw };
  for (const field of rt.fieldNames) {
    if (Object.hasOwn(latest.fields, field)) token[field] = latest.fields[field];
    else delete token[field];
  }
  setVerifiedAt(token, latest.verified);
  token[REVISION_CLAIM] = latest.rev;
  return { revoked: false, healed: true, revisionRaw };
}

/** Ends one session everywhere its token may still be: all its refreshes carry the same id. */
export async function revokeSessionId(rt: Runtime, sid: string, ttlSeconds: number): Promise<void> {
  await failClosed("store", () => rt.store.set(storeKeys.sessionRevoked(sid), "1", ttlSeconds));
}

/** Ends every session of a user issued until now; kept as long as the longest session it can cover. */
export async function revokeUserSessions(rt: Runtime, userId: string): Promise<void> {
  await failClosed("store", () => rt.store.set(storeKeys.userRevoked(userId), String(nowSeconds()), rt.revocationTtl));
}

/** A token or a database session row issued at `since` is ended by a later sign-out-everywhere of its user. */
export function revokedSince(userRevokedAt: string | undefined, since: number): boolean {
  return userRevokedAt !== undefined && since <= Number(userRevokedAt);
}

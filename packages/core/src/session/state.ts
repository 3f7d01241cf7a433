import type { JWT } from "@auth/core/jwt";
import { sha256Hex } from "../csrf.js";
import { REVISION_CLAIM, SESSION_ID_CLAIM, VERIFIED_AT_CLAIM } from "../updates.js";

/**
 * What safe-session keeps beside the token, in one place: the private claims, the stored record
 * of a session's fields, and every store key. The keys are the stored format (Redis, SQL): a
 * store maps them one to one (`<kind>:<id>`), so they change only with a migration.
 */
export const storeKeys = {
  /** When a user was signed out everywhere (epoch seconds). */
  userRevoked: (userId: string) => `rv:user:${userId}`,
  /** A revoked session id. */
  sessionRevoked: (sid: string) => `rv:sid:${sid}`,
  /** A JWT session's latest revision (`StoredFields` with `rev`). */
  revision: (sid: string) => `st:${sid}`,
  /** A database session's fields, keyed by the hash of its session token (the token is never a key). */
  databaseFields: async (sessionToken: string) => `db:${await sha256Hex(sessionToken)}`,
  /** Update attempts of a user in the rate-limit window. */
  updateAttempts: (userId: string) => `rl:update:${userId}`,
  /** Failed sign-ins of an account, of an account from one address, or of an address (each a SHA-256). */
  signInFailures: (kind: "account" | "account-address" | "address", id: string) => `rl:signin:${kind}:${id}`,
} as const;

/** A session's update fields as stored: for JWT sessions with their revision, for database sessions without. */
export interface StoredFields {
  rev: number;
  fields: Record<string, unknown>;
  verified: Record<string, number>;
}

export function encodeStoredFields(record: StoredFields, { withRevision }: { withRevision: boolean }): string {
  return JSON.stringify(withRevision ? record : { fields: record.fields, verified: record.verified });
}

/** The stored record, or `undefined` when absent or unreadable (a JWT session's record needs its revision). */
export function decodeStoredFields(
  raw: string | undefined,
  { withRevision }: { withRevision: boolean },
): StoredFields | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<StoredFields>;
    if (typeof parsed.fields !== "object" || parsed.fields === null) return undefined;
    // Database sessions carry no revision: theirs reads as 0 (nothing reads it).
    const rev = withRevision ? parsed.rev : 0;
    if (typeof rev !== "number") return undefined;
    const verified = typeof parsed.verified === "object" && parsed.verified !== null ? parsed.verified : {};
    return { rev, fields: parsed.fields, verified };
  } catch {
    return undefined;
  }
}

/** The set update fields of a token (absent and `null` left out). */
export function fieldsOf(token: JWT, fieldNames: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field of fieldNames) if (token[field] !== undefined && token[field] !== null) fields[field] = token[field];
  return fields;
}

/** When each revalidated field was last authorized (epoch seconds), from the private claim. */
export function verifiedAt(token: JWT): Record<string, number> {
  const claim = token[VERIFIED_AT_CLAIM];
  const out: Record<string, number> = Object.create(null);
  if (typeof claim === "object" && claim !== null && !Array.isArray(claim)) {
    for (const [key, value] of Object.entries(claim)) if (typeof value === "number") out[key] = value;
  }
  return out;
}

export function setVerifiedAt(token: JWT, verified: Record<string, number>): void {
  if (Object.keys(verified).length > 0) token[VERIFIED_AT_CLAIM] = verified;
  else delete token[VERIFIED_AT_CLAIM];
}

export function sessionIdOf(token: JWT | null | undefined): string | undefined {
  const sid = token?.[SESSION_ID_CLAIM];
  return typeof sid === "string" ? sid : undefined;
}

export function revisionOf(token: JWT): number {
  const rev = token[REVISION_CLAIM];
  return typeof rev === "number" && Number.isFinite(rev) ? rev : 0;
}

/** Every session gets its id at sign-in; a token minted elsewhere gets one on its first write. */
export function withSessionId(token: JWT): JWT {
  return sessionIdOf(token) ? token : { ...token, [SESSION_ID_CLAIM]: crypto.randomUUID() };
}

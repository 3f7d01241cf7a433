import { sha256Hex } from "../crypto/hash.js";

/**
 * Every key safe-session writes to the store. The keys are the stored format (Redis, SQL): a
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

import type { JWT } from "@auth/core/jwt";

/** The claims of a token that are not the app's: the identity claims no update may touch, and
 * the private claims safe-session keeps in every token, with their readers and writers. */

/** Claims that identify the user or the token: never updatable. */
export const RESERVED_CLAIMS = ["sub", "email", "iat", "exp", "jti", "iss", "aud", "nbf"] as const;
/** A claim that can never be an update field. */
export type ReservedClaim = (typeof RESERVED_CLAIMS)[number];

/** The token claim where safe-session keeps when each revalidated field was last authorized. */
export const VERIFIED_AT_CLAIM = "ssv";
/** A session's id, the same across refreshes and updates (revocation and revisions key on it). */
export const SESSION_ID_CLAIM = "sid";
/** How many updates the session has had; a newer revision in the store wins over an older token. */
export const REVISION_CLAIM = "rev";
/** The claims safe-session itself writes into a token. */
export const INTERNAL_CLAIMS = [VERIFIED_AT_CLAIM, SESSION_ID_CLAIM, REVISION_CLAIM] as const;

/** Names no update field may have: identity, private and prototype names. */
export const FORBIDDEN_FIELD_NAMES = new Set<string>([
  ...RESERVED_CLAIMS,
  ...INTERNAL_CLAIMS,
  "__proto__",
  "constructor",
  "prototype",
]);

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

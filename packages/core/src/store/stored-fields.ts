/** The record of a session's update fields as the store keeps it. */

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

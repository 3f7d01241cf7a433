import type { AuthConfig } from "@auth/core";
import type { Adapter } from "@auth/core/adapters";
import type { User } from "@auth/core/types";
import { sha256Hex } from "./csrf.js";

/**
 * Database sessions: the cookie holds an opaque session token, the adapter holds the session,
 * and the update fields live in the store under `db:<sha256(session token)>` (the token itself
 * never becomes a key), with the session's own expiry.
 */
export function usesDatabase(config: AuthConfig): boolean {
  return config.session?.strategy === "database" || (config.adapter !== undefined && config.session?.strategy !== "jwt");
}

export async function fieldsKey(sessionToken: string): Promise<string> {
  return `db:${await sha256Hex(sessionToken)}`;
}

export interface StoredFields {
  fields: Record<string, unknown>;
  verified: Record<string, number>;
}

export function parseFields(raw: string | undefined): StoredFields {
  if (!raw) return { fields: {}, verified: {} };
  try {
    const parsed = JSON.parse(raw) as Partial<StoredFields>;
    const fields = typeof parsed.fields === "object" && parsed.fields !== null ? parsed.fields : {};
    const verified = typeof parsed.verified === "object" && parsed.verified !== null ? parsed.verified : {};
    return { fields, verified };
  } catch {
    return { fields: {}, verified: {} };
  }
}

/** The adapter Auth.js gets: signing out (deleting the session) also removes its fields. */
export function withFieldCleanup(adapter: Adapter, clear: (sessionToken: string) => Promise<void>): Adapter {
  const deleteSession = adapter.deleteSession?.bind(adapter);
  if (!deleteSession) return adapter;
  return {
    ...adapter,
    deleteSession: (async (sessionToken: string) => {
      await clear(sessionToken);
      return deleteSession(sessionToken);
    }) as NonNullable<Adapter["deleteSession"]>,
  };
}

type DeclaredCredentials = Record<string, { type?: string } | undefined>;

interface CredentialsLike {
  id?: string;
  type?: string;
  credentials?: DeclaredCredentials;
  authorize?: (credentials: Record<string, unknown>, request: Request) => unknown;
  options?: { id?: string; credentials?: DeclaredCredentials; authorize?: (credentials: Record<string, unknown>, request: Request) => unknown };
}

/**
 * Runs the Credentials provider's `authorize`, as Auth.js would, for the one combination
 * Auth.js itself refuses: Credentials sign-in with database sessions.
 */
export async function authorizeCredentials(
  config: AuthConfig,
  providerId: string,
  credentials: Record<string, unknown>,
  request: Request,
): Promise<User | null> {
  const provider = findCredentials(config, providerId);
  const authorize = provider?.options?.authorize ?? provider?.authorize;
  const user = (await authorize?.(credentials, request)) as User | null | undefined;
  return user?.id ? user : null;
}

export function findCredentials(config: AuthConfig, providerId: string): CredentialsLike | undefined {
  for (const entry of config.providers ?? []) {
    const provider = (typeof entry === "function" ? (entry as () => unknown)() : entry) as CredentialsLike;
    if (provider.type === "credentials" && (provider.options?.id ?? provider.id) === providerId) return provider;
  }
  return undefined;
}

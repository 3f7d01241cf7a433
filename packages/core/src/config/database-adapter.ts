import type { AuthConfig } from "@auth/core";
import type { Adapter } from "@auth/core/adapters";
import { storeKeys } from "../store/keys.js";
import { type Runtime, failClosed } from "./runtime.js";

/** The database strategy as the config asks for it, and the adapter Auth.js gets for it. */

/** Whether sessions live in the adapter: `strategy: "database"`, or an adapter without `strategy: "jwt"`. */
export function usesDatabase(config: AuthConfig): boolean {
  return (
    config.session?.strategy === "database" || (config.adapter !== undefined && config.session?.strategy !== "jwt")
  );
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

/** Removes a database session's fields from the store (fails closed). */
export async function clearDatabaseFields(rt: Runtime, sessionToken: string): Promise<void> {
  const key = await storeKeys.databaseFields(sessionToken);
  await failClosed("store", () => rt.store.set(key, "", 1));
}

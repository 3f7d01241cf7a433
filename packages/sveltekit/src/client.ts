/// <reference types="@sveltejs/kit" />
/** Browser helper: update the session over HTTP, refresh `load` data, tell the other tabs. */
// (The reference above declares SvelteKit's `$app/navigation` for this file's own build.)
import { invalidateAll } from "$app/navigation";
import type { SafeSessionData, UpdateDefinitions, UpdatePatch } from "@safe-session/core";
import { postSessionUpdate } from "@safe-session/core/client";

export { SafeSessionError, isSafeSessionError, type SafeSessionErrorCode } from "@safe-session/core/client";

/** Where the browser helper sends the update. */
export interface UpdateSessionOptions {
  /** Auth.js base path. Default `/auth`. */
  basePath?: string;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
}

const CHANNEL = "safe-session";
// One channel object per page: a BroadcastChannel never receives its own messages,
// so a tab that updates is not told about its own update.
let channel: BroadcastChannel | undefined;
const sharedChannel = () =>
  (channel ??= typeof BroadcastChannel === "undefined" ? undefined : new BroadcastChannel(CHANNEL));

/**
 * `POST {basePath}/session` with a CSRF token from `GET {basePath}/csrf` (core's client: one
 * update at a time per page, a `409 CONFLICT` re-read and retried once), then `invalidateAll()`
 * and a message to the other tabs. Throws `SafeSessionError` with the contract's code when core
 * refuses the update.
 */
export async function updateSession<U extends UpdateDefinitions = UpdateDefinitions>(
  data: UpdatePatch<U>,
  options: UpdateSessionOptions = {},
): Promise<SafeSessionData<U> | null> {
  const session = await postSessionUpdate<SafeSessionData<U> | null>(data, {
    basePath: options.basePath ?? "/auth",
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  await invalidateAll();
  broadcastSessionUpdate();
  return session;
}

/** Tells the other tabs after an update that did not go through `updateSession` (a form action). */
export function broadcastSessionUpdate(): void {
  sharedChannel()?.postMessage("updated");
}

/** Re-runs `load` when another tab updates the session. Call it in `onMount`; returns the cleanup. */
export function syncSessionAcrossTabs(): () => void {
  const target = sharedChannel();
  if (target === undefined) return () => {};
  const listener = () => void invalidateAll();
  target.addEventListener("message", listener);
  return () => target.removeEventListener("message", listener);
}

/// <reference types="@sveltejs/kit" />
/** Browser helper: update the session over HTTP, refresh `load` data, tell the other tabs. */
// (The reference above declares SvelteKit's `$app/navigation` for this file's own build.)
import { invalidateAll } from "$app/navigation";
import type { SafeSessionData, UpdateDefinitions, UpdatePatch } from "@safe-session/core";
import { SafeSessionError, parseErrorBody } from "@safe-session/core/errors";

export { SafeSessionError, isSafeSessionError, type SafeSessionErrorCode } from "@safe-session/core/errors";

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
const sharedChannel = () => (channel ??= typeof BroadcastChannel === "undefined" ? undefined : new BroadcastChannel(CHANNEL));

/**
 * `POST {basePath}/session` with a CSRF token from `GET {basePath}/csrf`, then `invalidateAll()`
 * and a message to the other tabs. Throws `SafeSessionError` with the contract's code when
 * core refuses the update.
 */
export async function updateSession<U extends UpdateDefinitions = UpdateDefinitions>(
  data: UpdatePatch<U>,
  options: UpdateSessionOptions = {},
): Promise<SafeSessionData<U> | null> {
  const basePath = options.basePath ?? "/auth";
  const fetcher = options.fetch ?? fetch;
  const csrf = await fetcher(`${basePath}/csrf`, { headers: { accept: "application/json" } });
  const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
  const response = await fetcher(`${basePath}/session`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ csrfToken, data }),
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = parseErrorBody(body);
    if (error) throw new SafeSessionError(error.code, error.message, { field: error.field });
    throw new Error(`safe-session: the session update failed with HTTP ${response.status}`);
  }
  await invalidateAll();
  broadcastSessionUpdate();
  return body as SafeSessionData<U> | null;
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

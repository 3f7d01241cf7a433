/**
 * Browser helper: the request `useSession().update(data)` sends (GET `/csrf`, then POST
 * `{ csrfToken, data }` to `/session`), but a refusal throws `SafeSessionError` with its code
 * instead of resolving to `null`; updates from one page run one at a time and a `409 CONFLICT`
 * re-reads and retries once (core's client). Safe to import from client components.
 */
import type { SafeSessionData, UpdateDefinitions, UpdatePatch } from "@safe-session/core";
import { postSessionUpdate } from "@safe-session/core/client";

export { SafeSessionError, isSafeSessionError, type SafeSessionErrorCode } from "@safe-session/core/client";

/** Where the browser helper sends the update. */
export interface ClientOptions {
  /** Auth.js base path. Default `/api/auth`. */
  basePath?: string;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
}

/**
 * Updates the session from the browser. Pass the app's update definitions as the type
 * argument for typed fields: `updateSession<typeof updates>({ selectedCompanyId })`.
 */
export function updateSession<U extends UpdateDefinitions = UpdateDefinitions>(
  data: UpdatePatch<U>,
  options: ClientOptions = {},
): Promise<SafeSessionData<U>> {
  return postSessionUpdate<SafeSessionData<U>>(data, {
    basePath: options.basePath ?? "/api/auth",
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

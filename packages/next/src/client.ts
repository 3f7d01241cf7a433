/**
 * Browser helper: the request `useSession().update(data)` sends (GET `/csrf`, then POST
 * `{ csrfToken, data }` to `/session`), but a refusal throws `SafeSessionError` with its code
 * instead of resolving to `null`. Safe to import from client components: no server code.
 */
import type { SafeSessionData, UpdateDefinitions, UpdatePatch } from "@safe-session/core";
import { SafeSessionError, parseErrorBody } from "@safe-session/core/errors";

export { SafeSessionError, isSafeSessionError, type SafeSessionErrorCode } from "@safe-session/core/errors";

export interface ClientOptions {
  /** Auth.js base path. Default `/api/auth`. */
  basePath?: string;
  fetch?: typeof fetch;
}

/**
 * Updates the session from the browser. Pass the app's update definitions as the type
 * argument for typed fields: `updateSession<typeof updates>({ selectedCompanyId })`.
 */
export async function updateSession<U extends UpdateDefinitions = UpdateDefinitions>(
  data: UpdatePatch<U>,
  options: ClientOptions = {},
): Promise<SafeSessionData<U>> {
  const basePath = (options.basePath ?? "/api/auth").replace(/\/$/, "");
  const send = options.fetch ?? fetch;
  const csrf = await send(`${basePath}/csrf`, { credentials: "same-origin", cache: "no-store" });
  const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
  const response = await send(`${basePath}/session`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ csrfToken, data }),
  });
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body as SafeSessionData<U>;
  const error = parseErrorBody(body);
  if (error === null) throw new Error(`safe-session: the session update failed with HTTP ${response.status}`);
  throw new SafeSessionError(error.code, error.message, { field: error.field });
}

/**
 * The browser side of an update, shared by every binding's client helper: `GET {basePath}/csrf`,
 * then `POST {basePath}/session` with `{ csrfToken, data }` — the stock Auth.js client's request —
 * but a refusal throws `SafeSessionError` with its code instead of resolving to `null`.
 *
 * Updates from one page run one at a time, so a slower answer can never land after a newer
 * one; a `409 CONFLICT` (another tab updated the same session meanwhile) re-reads the session,
 * which brings the cookie up to date, and tries once more. Imports no server code.
 */
import { SafeSessionError, parseErrorBody } from "./errors.js";

export { SafeSessionError, isSafeSessionError, type SafeSessionErrorCode } from "./errors.js";

/** Where `postSessionUpdate` sends the update. */
export interface ClientUpdateOptions {
  /** Auth.js base path, e.g. `/api/auth` or `/auth`. */
  basePath: string;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
}

// One queue per page (per `fetch` it sends with; a page has one).
const queues = new WeakMap<typeof fetch, Promise<unknown>>();

/**
 * Posts `data` as the stock client does and resolves to the new session; a refusal throws
 * `SafeSessionError` with the contract's code.
 *
 * @example
 * const session = await postSessionUpdate({ selectedCompanyId: "acme" }, { basePath: "/auth" });
 */
export function postSessionUpdate<Session = unknown>(
  data: Record<string, unknown>,
  options: ClientUpdateOptions,
): Promise<Session> {
  const send = options.fetch ?? fetch;
  const previous = queues.get(send) ?? Promise.resolve();
  const run = previous.then(() => attempt<Session>(data, send, options.basePath));
  queues.set(
    send,
    run.catch(() => {}),
  );
  return run;
}

async function attempt<Session>(data: Record<string, unknown>, send: typeof fetch, base: string): Promise<Session> {
  const basePath = base.replace(/\/$/, "");
  const init = { credentials: "same-origin", cache: "no-store", headers: { accept: "application/json" } } as const;
  for (let retried = false; ; retried = true) {
    const csrf = await send(`${basePath}/csrf`, init);
    const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
    const response = await send(`${basePath}/session`, {
      ...init,
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ csrfToken, data }),
    });
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) return body as Session;
    const error = parseErrorBody(body);
    if (error?.code === "CONFLICT" && !retried) {
      await (await send(`${basePath}/session`, init)).body?.cancel();
      continue;
    }
    if (error === null) throw new Error(`safe-session: the session update failed with HTTP ${response.status}`);
    throw new SafeSessionError(error.code, error.message, { field: error.field });
  }
}

import { strict as assert } from "node:assert";
import { Client, setCookies, snapshot } from "../client.js";
import type { Harness } from "../harness.js";

export interface Scenario {
  id: string;
  title: string;
  /** Why this harness cannot run the scenario, or `undefined` when it can. */
  requires?(harness: Harness): string | undefined;
  run(harness: Harness): Promise<void>;
  timeoutMs?: number;
}

export type ErrorCode =
  | "UNAUTHENTICATED"
  | "CSRF"
  | "UNKNOWN_FIELD"
  | "INVALID_VALUE"
  | "FORBIDDEN"
  | "BAD_REQUEST"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "METHOD_NOT_ALLOWED"
  | "RATE_LIMITED";

// The contract's table, written out here on purpose: the suite checks implementations against
// DESIGN.md, so it does not import the statuses from the code under test.
export const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  CSRF: 403,
  UNKNOWN_FIELD: 400,
  INVALID_VALUE: 400,
  FORBIDDEN: 403,
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  METHOD_NOT_ALLOWED: 405,
  RATE_LIMITED: 429,
};

export async function signedIn(harness: Harness, who: "member" | "other" = "member"): Promise<Client> {
  const client = new Client(harness);
  await client.signIn(harness.users[who]);
  return client;
}

/** Signed in with the member's own company already selected, so a refusal has something to keep. */
export async function withCompany(harness: Harness): Promise<Client> {
  const client = await signedIn(harness);
  const response = await client.update({ [client.field]: harness.companies.own });
  assert.equal(response.status, 200, "selecting an own company succeeds");
  await response.body?.cancel();
  return client;
}

export function touchesSession(client: Client, response: Response): boolean {
  const name = client.sessionCookieName;
  return setCookies(response).some((line) => line.startsWith(`${name}=`) || line.startsWith(`${name}.`));
}

/**
 * Runs `attempt` and asserts the refusal: status and code from the contract, the error body's
 * shape, no session cookie written, and a session and token that read exactly as before.
 */
export async function refused(client: Client, code: ErrorCode, attempt: () => Promise<Response>, field?: string): Promise<void> {
  const before = await snapshot(client);
  const tokenBefore = client.sessionToken();
  const response = await attempt();
  const text = await response.text();
  assert.equal(response.status, STATUS[code], `expected ${STATUS[code]} ${code}, got ${response.status} ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; field?: unknown } };
  assert.equal(body.error?.code, code, `error code (body: ${text.slice(0, 200)})`);
  assert.equal(typeof body.error?.message, "string", "error message is a string");
  if (field !== undefined) assert.equal(body.error?.field, field, "error names the field");
  assert.equal(response.headers.get("content-type")?.split(";")[0], "application/json");
  assert.ok(!touchesSession(client, response), "a refused update writes no session cookie");
  assert.equal(client.sessionToken(), tokenBefore, "the session cookie is unchanged");
  assert.deepEqual(await snapshot(client), before, "the next read decodes to the same session");
}

export async function selected(client: Client): Promise<unknown> {
  return (await client.clone().session())?.[client.field];
}

export const json = (data: unknown) => JSON.stringify(data);

export const jwtOnly = (h: Harness) => (h.strategy === "database" ? "database sessions carry no token in the cookie" : undefined);
export const rotationNeedsTwo = (h: Harness) => jwtOnly(h) ?? (h.secrets.length < 2 ? "the target runs with a single secret" : undefined);
export const minting = (h: Harness) => (h.strategy === "database" && !h.createSession ? "the database target cannot create sessions for new users" : undefined);

import { strict as assert } from "node:assert";
import { isDeepStrictEqual } from "node:util";
import { Client, canMint, setCookies, snapshot } from "../client.js";
import { type Harness, valuesOf } from "../harness.js";

/** One check of the contract, run against a harness. */
export interface Scenario {
  id: string;
  title: string;
  /**
   * `true` when the scenario spends the sign-in budget of the suite's own client address (failed
   * sign-ins past the app's limit): it runs after every scenario that signs in, and the command
   * restores the member's session before it.
   */
  spendsSignIns?: boolean;
  /** Why this harness cannot run the scenario, or `undefined` when it can. */
  requires?(harness: Harness): string | undefined;
  /** Runs the check; a failed assertion throws. */
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
// the contract as core's README states it, so it does not import the statuses from the code under test.
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
  const response = await client.update({ [client.field]: valuesOf(harness).own });
  assert.equal(response.status, 200, "selecting an own company succeeds");
  await response.body?.cancel();
  return client;
}

export function touchesSession(client: Client, response: Response): boolean {
  const name = client.sessionCookieName;
  return setCookies(response).some((line) => line.startsWith(`${name}=`) || line.startsWith(`${name}.`));
}

/** What a refused attempt answered, for a report a person can act on. */
export interface Outcome {
  status: number;
  /** `error.code` of the body, when it has one. */
  code?: string;
  /** Whether the attempt wrote a session cookie or the next read differs; `undefined` when it could not be read. */
  sessionChanged?: boolean;
  /** The start of the body. */
  body: string;
}

/** A refusal that did not happen as the contract says: what was expected and what came back. */
export class RefusalFailure extends assert.AssertionError {
  constructor(
    message: string,
    readonly contract: string,
    readonly outcome: Outcome,
  ) {
    super({ message });
    this.name = "RefusalFailure";
  }
}

/**
 * A failed check about the shape of an answer (a status, a header, an error code) where what the
 * contract protects held: the report counts it as a contract difference, not a vulnerability.
 */
export class ContractDifference extends assert.AssertionError {
  constructor(message: string) {
    super({ message });
    this.name = "ContractDifference";
  }
}

/** Asserts a detail of an answer's shape: a miss is a contract difference. */
export function shape(ok: unknown, message: string): asserts ok {
  if (!ok) throw new ContractDifference(message);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Runs `attempt` and asserts the refusal: status and code from the contract (one of `code` when
 * several are acceptable), the error body's shape, no session cookie written, and a session and
 * token that read exactly as before.
 */
export async function refused(
  client: Client,
  code: ErrorCode | ErrorCode[],
  attempt: () => Promise<Response>,
  field?: string,
): Promise<void> {
  const codes = Array.isArray(code) ? code : [code];
  const before = await snapshot(client);
  const tokenBefore = client.sessionToken();
  const response = await attempt();
  const text = await response.text();
  const body = parse(text);
  const error =
    body !== null && typeof body === "object" && "error" in body
      ? (body.error as { code?: unknown; message?: unknown; field?: unknown } | null)
      : undefined;
  const wrote = touchesSession(client, response);
  const rewritten = wrote || client.sessionToken() !== tokenBefore;
  // Read before judging, so a failure can say whether the session changed.
  const after = await snapshot(client).catch(() => undefined);
  const outcome: Outcome = {
    status: response.status,
    ...(typeof error?.code === "string" ? { code: error.code } : {}),
    ...(after === undefined && !rewritten ? {} : { sessionChanged: rewritten || !isDeepStrictEqual(after, before) }),
    body: text.slice(0, 200),
  };
  const expected = `${codes.map((c) => `${STATUS[c]} ${c}`).join(" or ")}${field === undefined ? "" : ` naming "${field}"`}, the session unchanged`;
  const check = (ok: boolean, message: string) => {
    if (!ok) throw new RefusalFailure(message, expected, outcome);
  };
  const wanted = codes.find((c) => STATUS[c] === response.status && error?.code === c);
  check(
    codes.some((c) => STATUS[c] === response.status),
    `expected ${codes.map((c) => `${STATUS[c]} ${c}`).join(" or ")}, got ${response.status} ${text.slice(0, 200)}`,
  );
  check(wanted !== undefined, `error code: expected ${codes.join(" or ")} (body: ${text.slice(0, 200)})`);
  check(typeof error?.message === "string", "error message is a string");
  if (field !== undefined)
    check(error?.field === field, `error names the field "${field}" (body: ${text.slice(0, 200)})`);
  check(
    response.headers.get("content-type")?.split(";")[0] === "application/json",
    `content-type is application/json (got ${response.headers.get("content-type")})`,
  );
  check(!wrote, "a refused update writes no session cookie");
  check(client.sessionToken() === tokenBefore, "the session cookie is unchanged");
  assert.deepEqual(after, before, "the next read decodes to the same session");
}

export async function selected(client: Client): Promise<unknown> {
  return (await client.clone().session())?.[client.field];
}

export const json = (data: unknown) => JSON.stringify(data);

export const jwtOnly = (h: Harness) =>
  h.strategy === "database" ? "database sessions carry no token in the cookie" : undefined;
/** The token scenarios open, seal or compare tokens with the target's secret. */
export const sealsTokens = (h: Harness) =>
  h.secrets.length === 0 ? "no secret given (it opens and seals the app's tokens)" : undefined;
export const readsTokens = (h: Harness) => jwtOnly(h) ?? sealsTokens(h);
export const rotationNeedsTwo = (h: Harness) =>
  readsTokens(h) ?? (h.secrets.length < 2 ? "the target runs with a single secret" : undefined);
export const minting = (h: Harness) =>
  canMint(h) || h.reuseOther
    ? undefined
    : h.strategy === "database"
      ? "the database target cannot create sessions for new users"
      : "no secret given to mint a user with a fresh rate-limit budget";
/** INVALID_VALUE for a value the contract's schema refuses; either refusal when the app's schema is unknown. */
export const invalidCode = (h: Harness): ErrorCode | ErrorCode[] =>
  h.valueCodes === "either" ? ["INVALID_VALUE", "FORBIDDEN"] : "INVALID_VALUE";
/** FORBIDDEN for a value the contract's schema accepts; either refusal when the app's schema is unknown. */
export const forbiddenCode = (h: Harness): ErrorCode | ErrorCode[] =>
  h.valueCodes === "either" ? ["INVALID_VALUE", "FORBIDDEN"] : "FORBIDDEN";

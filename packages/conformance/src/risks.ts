import { AssertionError } from "node:assert";
import { ContractDifference, RefusalFailure } from "./scenarios/support.js";

/** What a failing scenario means for the app, in one sentence, by scenario id (then by its topic). */
const BY_ID: Record<string, string> = {
  "mass-assignment.sub": "mass assignment: a client can rewrite `sub` — account takeover",
  "mass-assignment.email":
    "mass assignment: a client can rewrite `email` — account takeover where the app trusts the session's email",
  "mass-assignment.nested":
    "mass assignment: a client can rewrite `user` — account takeover where the app reads the identity from it",
  "mass-assignment.dotted":
    "mass assignment: a client can write claims the app never declared — identity or role confusion",
  "mass-assignment.role": "mass assignment: a client can give itself a role — privilege escalation",
  "mass-assignment.exp": "mass assignment: a client can rewrite its session's expiry — sessions that never end",
  "mass-assignment.jti": "mass assignment: a client can rewrite the token id — replay and revocation bypass",
  "mass-assignment.proto": "prototype pollution: a posted `__proto__` reaches the token or the server's objects",
  "mass-assignment.constructor":
    "prototype pollution: a posted `constructor` reaches the token or the server's objects",
  "mass-assignment.prototype": "mass assignment: a client can write keys the app never declared into its session",
  "mass-assignment.internal-claim": "mass assignment: a client can forge the claims that record what was verified",
  "authorization.non-member": "a user can select another user's value — access to another tenant's data",
  "authorization.unknown-company":
    "a value nobody was given is accepted — the session holds what the app never authorised",
  "authorization.other-user": "a user can select another user's value — access to another tenant's data",
  "authorization.case-variant": "a case variant slips past the check — the session holds a value nobody authorised",
  "errors.unauthenticated":
    "an update without a session is not answered 401 UNAUTHENTICATED — clients cannot tell a sign-out from an error",
  "rate-limit.updates": "a client can make unlimited session updates — cheap brute force of values and load on the app",
  "auth-path.base-path-itself":
    "a path Auth.js reads no action at (`{basePath}` itself, `{basePath}x/…`) is served as the session route — the app's routers and Auth.js's disagree about which paths are its own",
  "security.session-route-spellings":
    "another spelling of the session route (`//session`) reaches Auth.js's own update — CSRF and mass assignment around the checks",
  "security.session-subpaths":
    "`{basePath}/session/<anything>` is treated as the session route — the contract's checks can be sidestepped",
  "security.sign-out-ends-session": "a copy of a signed-out cookie still works — a stolen cookie outlives sign-out",
  "security.duplicate-cookies":
    "duplicate cookies are read two ways — one part of the app acts as another user than the rest",
  "security.redirect-targets": "sign-in redirects off the app's origin — an open redirect for phishing",
  "security.sign-in-form-cross-site": "another site can sign a visitor in as the attacker — login CSRF",
  "security.sign-in-throttle": "passwords can be guessed without limit — account takeover by brute force",
  "security.sign-in-burst":
    "guesses posted at once all reach the password check — the sign-in limit can be walked around by concurrency",
  "security.sign-in-bodies":
    "a sign-in body of another shape is not counted — the sign-in limit can be walked around by the body",
  "security.sign-in-locked-out":
    "a locked account still signs in with the right password — the lock does not stop a guesser who found it",
  "security.sign-in-forwarded":
    "a forged X-Forwarded-For gives each guess a new address — the per-address limit never applies",
  "security.session-json-no-token":
    "the session JSON carries the session token — any script that reads the session can steal it (the cookie's HttpOnly is bypassed)",
  "security.sign-out-survives-flood":
    "flooding the store brings a signed-out cookie back — a stolen cookie outlives sign-out",
  "url-field.non-member":
    "a URL naming another tenant's value renders it or writes it — access to another tenant's data",
  "url-field.other-user": "a URL naming another user's value renders it — access to another tenant's data",
  "url-field.removed-membership": "a removed membership still opens its URL — access outlives the membership",
  "url-field.cross-site": "a link from another site changes the user's session — cross-site request forgery by GET",
  "security.refused-body-connection":
    "a refused request breaks the next one on the same connection — errors for legitimate users",
};

const BY_TOPIC: Record<string, string> = {
  flow: "the basic update flow does not behave as the contract says — users lose or cannot make their selection",
  csrf: "cross-site request forgery: another site can change a signed-in user's session",
  origin: "cross-site request forgery: another site can change a signed-in user's session",
  "mass-assignment": "mass assignment: a client can write claims the app never declared into its session",
  "type-confusion": "a value of the wrong shape reaches the session or the app's checks — type confusion",
  authorization: "a value nobody authorised is accepted into the session",
  tokens: "a damaged, forged or expired cookie is treated as a session, or breaks the app",
  interop: "tokens do not round-trip with stock Auth.js — sessions break across versions or services",
  rotation: "rotating the secret signs everyone out or leaves old tokens in use",
  method: "the session route answers other methods without a clear 405 — clients cannot tell what went wrong",
  "media-type": "the update endpoint reads bodies it should refuse — form posts from other sites may get through",
  size: "body size is not limited with a clear error — memory and CPU for any client",
  "bad-request": "malformed bodies are not refused with a clear error code — clients cannot tell what went wrong",
  legacy: "session updates by GET can be triggered by another site",
  consistency: "concurrent or stale updates lose or resurrect a value",
  revocation: "signing a user out everywhere leaves sessions alive",
  robustness: "some input makes the app answer 5xx or change the session on a refusal",
  "rate-limit": "a client can make unlimited session updates",
  "url-field":
    "a page's address is not checked or kept as urlFields says — another site can switch a user's company, or a user can open a company that is not theirs",
};

/** The risk a failed scenario shows, or a generic sentence for a topic this table does not know. */
export function riskOf(id: string): string {
  return BY_ID[id] ?? BY_TOPIC[id.slice(0, id.indexOf("."))] ?? "the app does not behave as the contract says";
}

/**
 * A vulnerability: the session changed, someone got in, or a limit let more through. A contract
 * difference: what the scenario protects held, but the answer is not the contract's (another
 * status, no error code, another redirect), so a client cannot tell what went wrong.
 */
export type FailureKind = "vulnerability" | "contract-difference";

/** Topics whose plain assertions check a protection itself (a cookie refused, a limit reached). */
const GUARDS = new Set([
  "auth-path",
  "url-field",
  "csrf",
  "origin",
  "mass-assignment",
  "type-confusion",
  "authorization",
  "tokens",
  "rotation",
  "legacy",
  "consistency",
  "revocation",
  "rate-limit",
  "security",
]);

export const DIFFERENCE =
  "a contract difference, not a hole: what the scenario protects held (nothing got in, the session unchanged), but the answer is not the contract's — clients cannot tell what went wrong";

export function classify(id: string, error: unknown): FailureKind {
  if (error instanceof ContractDifference) return "contract-difference";
  if (error instanceof RefusalFailure) {
    const { outcome, contract } = error;
    // A limit that did not answer 429 let the attempt through, whatever it did with it.
    if (contract.includes("429 RATE_LIMITED") && outcome.status !== 429) return "vulnerability";
    if (outcome.sessionChanged !== undefined) return outcome.sessionChanged ? "vulnerability" : "contract-difference";
    // The session could not be read back: an accepted request cannot be shown harmless.
    return outcome.status < 400 ? "vulnerability" : "contract-difference";
  }
  // A check that did not finish (a crash, a time-out) shows no hole by itself.
  if (!(error instanceof AssertionError)) return "contract-difference";
  return GUARDS.has(id.slice(0, id.indexOf("."))) ? "vulnerability" : "contract-difference";
}

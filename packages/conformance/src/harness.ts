/** What a target (a binding in-process, or a started example app) gives the suite. */

export interface Account {
  /** The user id, as `session.user.id` and `token.sub` carry it. */
  id: string;
  email: string;
  password: string;
}

export interface Harness {
  /** Sends one request to the target; redirects must not be followed. */
  fetch(request: Request): Promise<Response>;
  /** The app's origin, e.g. `http://localhost:3000`. */
  origin: string;
  /** Auth.js base path: `/api/auth` (Next) or `/auth`. */
  basePath: string;
  /** The secrets the target runs with, current first (for the interop, tamper and rotation scenarios). */
  secrets: string[];
  /** `"database"` when the target keeps sessions in an Auth.js adapter: token scenarios then skip. */
  strategy?: "jwt" | "database";
  /** Database targets: a new session for a user the app has never seen (the cookie's value). */
  createSession?(userId: string): Promise<string>;
  /** Session cookie name; default `authjs.session-token` (`__Secure-` prefixed on https). */
  sessionCookieName?: string;
  /** Two accounts: `member` belongs to `companies.own` and `companies.ownOther`, `other` to `companies.othersCompany`. */
  users: { member: Account; other: Account };
  companies: { own: string; ownOther: string; othersCompany: string; unknown: string };
  /** The update field of the contract. Default `selectedCompanyId`. */
  field?: string;
  /** Whether `name` is declared as an update field (the "user edits their name" case). */
  nameField?: boolean;
  /** The target's `legacyQueryUpdates` setting: `false` (default) or the query key that maps to `field`. */
  legacyQueryKey?: string | false;
  /** Body limit of the target. Default 8192. */
  maxBodyBytes?: number;
  /**
   * Update attempts a user may make per window. Default 120; `false` when the target turns it off.
   * The suite itself spends about 150 + `fuzzRuns` attempts of `member` within a minute, so a target
   * runs it with a limit above that (the rate-limit scenario then spends `other`'s window).
   */
  rateLimitMax?: number | false;
  /** Revokes (and restores) a membership in the target's store, for the revalidation scenario. */
  revokeMembership?(userId: string, companyId: string): Promise<void> | void;
  grantMembership?(userId: string, companyId: string): Promise<void> | void;
  /** Signs a user out everywhere (core's `revokeUser`), for the revocation scenario. */
  revokeUser?(userId: string): Promise<void> | void;
  /** The target's `revalidate.everySeconds`; the revalidation scenario needs 0. */
  revalidateSeconds?: number;
  /** A company id for which the target's `authorize` throws, if it has one. */
  throwingCompany?: string;
  /** How many random cases the property test sends. Default 2000. */
  fuzzRuns?: number;
}

export interface ConformanceTarget {
  /** Appears in every test name: "next / rejects unknown field". */
  name: string;
  setup(): Promise<Harness> | Harness;
  teardown?(): Promise<void> | void;
}

/** The contract's demo accounts and companies (DESIGN.md, "Example apps"). */
export const CONTRACT_USERS: Harness["users"] = {
  member: { id: "alice", email: "alice@example.com", password: "alice-password" },
  other: { id: "bob", email: "bob@example.com", password: "bob-password" },
};

export const CONTRACT_COMPANIES: Harness["companies"] = {
  own: "acme",
  ownOther: "globex",
  othersCompany: "initech",
  unknown: "no-such-company",
};

/** What a target (a binding in-process, or a started example app) gives the suite. */

export interface Account {
  /** The user id, as `session.user.id` and `token.sub` carry it. */
  id: string;
  email: string;
  password: string;
}

/**
 * What the scenarios need of a target: how to reach it, its users and values, and the hooks a
 * scenario may call (each optional hook that is absent skips the scenarios that need it).
 */
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
  /** Two accounts: `member` may set `values.member`, `other` may set `values.other`. */
  users: { member: Account; other: Account };
  /**
   * Values of `field`: two that `member` may set, one that only `other` may set, one nobody may set.
   * Default: `companies` when given, else the contract's demo companies.
   */
  values?: FieldValues;
  /** The demo contract's name for `values` (`own`, `ownOther` → `member`; `othersCompany` → `other`). */
  companies?: Companies;
  /** The update field of the contract. Default `selectedCompanyId`. */
  field?: string;
  /**
   * How the suite gets a session: `"credentials"` (default) signs in through the Credentials
   * provider; `"token"` seals one with `secrets[0]` (JWT apps whose only providers are OAuth).
   */
  signIn?: "credentials" | "token";
  /**
   * `"contract"` (default): the field's schema is the contract's demo schema (a string of 1 to 64
   * characters), so a string it cannot hold is INVALID_VALUE and one it can is judged FORBIDDEN.
   * `"either"`: the app's schema is unknown, so a refused string may be either.
   */
  valueCodes?: "contract" | "either";
  /**
   * Called before every update attempt with the user making it (an id, `synthetic-…` for minted
   * users): a target that must stay under the app's rate limit waits here for room in a window.
   */
  pace?(userId: string): Promise<void> | void;
  /** Waits until `userId` has made no update attempt within the app's window (a fresh budget). */
  drain?(userId: string): Promise<void> | void;
  /**
   * Scenarios that want a user with a fresh rate-limit budget (the property test, the rate limit)
   * mint one with the target's secret. Without a secret or `createSession`, `true` lets them sign
   * `other` in instead, after `drain`; otherwise they are skipped.
   */
  reuseOther?: boolean;
  /** Whether `name` is declared as an update field (the "user edits their name" case). */
  nameField?: boolean;
  /** The target's `legacyQueryUpdates` setting: `false` (default) or the query key that maps to `field`. */
  legacyQueryKey?: string | false;
  /**
   * The target's `urlFields` page for `field`: `page` is its path with `:value` where the value
   * goes (`/companies/:value`); `shows` is the text the page renders for a value (default: the
   * value itself). Without it the URL-field scenarios skip.
   */
  urlField?: UrlFieldPage;
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
  /** Gives a membership back after `revokeMembership`. */
  grantMembership?(userId: string, companyId: string): Promise<void> | void;
  /** Signs a user out everywhere (core's `revokeUser`), for the revocation scenario. */
  revokeUser?(userId: string): Promise<void> | void;
  /** The target's `revalidate.everySeconds`; the revalidation scenario needs 0. */
  revalidateSeconds?: number;
  /** A value for which the target's `authorize` throws, if it has one. */
  throwingCompany?: string;
  /** How many random cases the property test sends. Default 2000. */
  fuzzRuns?: number;
  /**
   * The app's own sign-in form (a page action that calls the binding's `signIn`), for the
   * login-CSRF scenario and the forged-address one (which alternates its attempts between Auth.js's
   * endpoint and this form): where it posts, and the extra fields and headers it needs.
   */
  signInForm?: { path: string; fields?: Record<string, string>; headers?: Record<string, string> };
  /** Failed Credentials sign-ins per account before `429`. Default 10; `false` when the target turns it off. */
  signInRateLimit?: number | false;
  /** Failed Credentials sign-ins per client address before `429`. Default 100; `false` when the target has no such limit. */
  signInAddressLimit?: number | false;
  /**
   * Where the target's sign-in limit gets the client's address: `"connection"` (the peer of the TCP
   * connection, or a proxy the app names) or `"none"` (Next route handlers: only the per-account
   * limit applies). Absent: `"none"`, since an in-process `fetch` hands the target no connection;
   * `httpHarness` and the command default to `"connection"`. The forged-address scenario needs one.
   */
  clientAddress?: "connection" | "none";
  /**
   * A third account the provider accepts, used by nothing but the locked-out scenario, which locks
   * it (for the sign-in window, 15 minutes by default) to show the right password is refused too.
   */
  spareUser?: Account;
  /** How many times the Credentials provider's `authorize` has run: the sign-in burst then counts calls, not answers. */
  authorizeCalls?(): number;
  /**
   * Fills the target's store with unrelated entries, as much as an attacker's traffic could (its
   * whole bound), for the scenario that a signed-out cookie stays signed out after a flood.
   */
  floodStore?(): Promise<void> | void;
}

/** A target for `runConformance`: a name and how to get its harness. */
export interface ConformanceTarget {
  /** Appears in every test name: "next / rejects unknown field". */
  name: string;
  /** Starts the target (or connects to it) and returns its harness. */
  setup(): Promise<Harness> | Harness;
  /** Stops what `setup` started. */
  teardown?(): Promise<void> | void;
}

/** A page whose address names a value of the update field (`urlFields`), e.g. `{ page: "/companies/:value", shows: { acme: "Managing Acme Corp" } }`. */
export interface UrlFieldPage {
  page: string;
  shows?: Readonly<Record<string, string>>;
}

/** Values of the update field for the scenarios, by who may set them. */
export interface FieldValues {
  /** Two values `member` may set (the first is selected before a refusal, the second switched to). */
  member: [string, string, ...string[]];
  /** A value only `other` may set. */
  other: [string, ...string[]];
  /** A value nobody may set. */
  unknown: string;
}

/** The demo data's companies, by who may select them. */
export interface Companies {
  own: string;
  ownOther: string;
  othersCompany: string;
  unknown: string;
}

/** The demo contract's accounts and companies, which the examples seed. */
export const CONTRACT_USERS: Harness["users"] = {
  member: { id: "alice", email: "alice@example.com", password: "alice-password" },
  other: { id: "bob", email: "bob@example.com", password: "bob-password" },
};

/** The demo contract's companies, which the examples seed. */
export const CONTRACT_COMPANIES: Companies = {
  own: "acme",
  ownOther: "globex",
  othersCompany: "initech",
  unknown: "no-such-company",
};

/** The values of `field` a harness names, in the shape the scenarios use. */
export function valuesOf(harness: Pick<Harness, "values" | "companies">): {
  own: string;
  ownOther: string;
  others: string;
  unknown: string;
} {
  if (harness.values) {
    const { member, other, unknown } = harness.values;
    return { own: member[0], ownOther: member[1], others: other[0], unknown };
  }
  const companies = harness.companies ?? CONTRACT_COMPANIES;
  return {
    own: companies.own,
    ownOther: companies.ownOther,
    others: companies.othersCompany,
    unknown: companies.unknown,
  };
}

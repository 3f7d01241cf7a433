import type { Adapter, AdapterSession, AdapterUser } from "@auth/core/adapters";
import type { JWT } from "@auth/core/jwt";
import type { Session } from "@auth/core/types";
import type { ConfigCheck } from "./check.js";
import type { Cookie, CookieOptions } from "../http/cookies.js";
import type { ResolvedConfig } from "../types.js";
import type { Logger } from "../field-checks.js";

// What is resolved per config (`ConfigContext`) and per request (`SessionView`). The shapes live
// here, below every module that builds or reads them, so no module imports back up.

export type Env = Record<string, string | undefined>;

export interface CookieSpec {
  name: string;
  options: CookieOptions;
}

export type Encode = (params: { token: JWT; secret: string[]; salt: string; maxAge: number }) => Promise<string>;
export type Decode = (params: { token: string; secret: string[]; salt: string }) => Promise<JWT | null>;

/**
 * What one Auth.js config resolves to, derived once per config object (and cookie security), not
 * per request: the config `Auth()` receives, secrets, cookie names, lifetimes, codec, logger.
 */
export interface ConfigContext {
  config: ResolvedConfig;
  secrets: string[];
  csrfSecret: string;
  trustHost: boolean;
  authUrl: string | undefined;
  session: CookieSpec;
  csrf: CookieSpec;
  maxAge: number;
  updateAge: number;
  encode: Encode;
  decode: Decode;
  logger: Logger;
  /** Database sessions: the app's adapter (its `deleteSession` also removes the stored fields). */
  adapter: Adapter | undefined;
  /** Auth.js's configuration rules for this config: a broken one fails as `Auth()` fails. */
  check: ConfigCheck;
}

/** A request's session as read (or as an update left it), with the cookies to send. */
export interface SessionView {
  ctx: ConfigContext;
  token: JWT | null;
  /** Cookie names of the current session token, to expire what a rewrite does not cover. */
  present: string[];
  /** `Set-Cookie`s for the answer: a refresh, a revalidation drop, an update, a sign-out. */
  cookies: Cookie[];
  session: Session | null;
  /** JWT sessions: the store's record of the latest revision, as read (the compare-and-set's expected value). */
  revisionRaw?: string | undefined;
  /** Database sessions: the session row this request carries. */
  db?: DatabaseRow | undefined;
  /**
   * Set while a read has stopped before the app's callbacks (`session` is still `null`): what an
   * update starts from, so that it runs the `jwt` callback, the `session` callback and
   * `events.session` once, as Auth.js does on an update. `changed`: the token must be written
   * (healed, revalidated, a next-auth v4 import) if the read is finished.
   */
  started?: { changed: boolean } | undefined;
}

export interface DatabaseRow {
  sessionToken: string;
  key: string;
  user: AdapterUser;
  expires: Date;
  row: AdapterSession;
}

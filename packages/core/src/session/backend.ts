import type { AdapterSession, AdapterUser } from "@auth/core/adapters";
import type { JWT } from "@auth/core/jwt";
import type { Session } from "@auth/core/types";
import type { ConfigContext } from "../context.js";
import type { Cookie } from "../cookies.js";
import type { Runtime } from "../runtime.js";

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
}

export interface DatabaseRow {
  sessionToken: string;
  key: string;
  user: AdapterUser;
  expires: Date;
  row: AdapterSession;
}

export type SignedIn = SessionView & { token: JWT };

/** A validated, authorized patch and the token it was applied to. */
export interface AcceptedPatch {
  fields: string[];
  values: Record<string, unknown>;
  /** The current token with the patch applied (before the app's `jwt` callback). */
  draft: JWT;
}

/** Where sessions live: the JWT cookie, or an Auth.js adapter's table. */
export interface SessionBackend {
  read(rt: Runtime, ctx: ConfigContext, request: Request): Promise<SessionView>;
  /** Writes an accepted patch; a refusal (`SESSION_TOO_LARGE`, `CONFLICT`) writes nothing. */
  commit(rt: Runtime, view: SignedIn, patch: AcceptedPatch): Promise<SessionView>;
}

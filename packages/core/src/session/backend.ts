import type { JWT } from "@auth/core/jwt";
import type { ConfigContext, SessionView } from "../config/types.js";
import type { Runtime } from "../config/runtime.js";

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
  /**
   * A read up to the app's callbacks: the token checked (revocation, revisions, revalidation) and,
   * when signed in, returned with `started` and no `session` yet. A signed-out view is final.
   */
  start(rt: Runtime, ctx: ConfigContext, request: Request): Promise<SessionView>;
  /**
   * The rest of a started read: the app's `jwt` callback (with `trigger: "update"` and `update`
   * as its `session` when given: a no-op update), a write when due, the `session` callback and
   * `events.session`.
   */
  finish(rt: Runtime, view: SignedIn, update?: Record<string, unknown>): Promise<SessionView>;
  /** Writes an accepted patch; a refusal (`SESSION_TOO_LARGE`, `CONFLICT`) writes nothing. */
  commit(rt: Runtime, view: SignedIn, patch: AcceptedPatch): Promise<SessionView>;
}

import type { JWT } from "@auth/core/jwt";
import type { ConfigContext, Runtime, SessionView } from "../runtime.js";

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

import type { JWT } from "@auth/core/jwt";
import type { ConfigContext } from "../config/types.js";
import type { Runtime } from "../config/runtime.js";
import type { UpdateField } from "../define-updates.js";
import { VERIFIED_AT_CLAIM } from "../claims.js";
import { runAuthorize } from "../field-checks.js";
import { nowSeconds } from "../time.js";
import { verifiedAt } from "../claims.js";

/**
 * Re-runs `authorize` on a read for each revalidated field whose `everySeconds` has passed: a
 * confirmed field is stamped, a refused one is dropped from the token. Whether anything changed.
 */
export async function revalidate(rt: Runtime, ctx: ConfigContext, request: Request, token: JWT): Promise<boolean> {
  let changed = false;
  const now = nowSeconds();
  for (const field of rt.revalidated) {
    if (token[field] === undefined || token[field] === null) continue;
    const definition = rt.definitions[field] as UpdateField;
    const verified = verifiedAt(token);
    // `revalidated` lists only fields with `revalidate`, whose `everySeconds` defineUpdates checked.
    if (now - (verified[field] ?? 0) < (definition.revalidate as { everySeconds: number }).everySeconds) continue;
    const ok = await runAuthorize(
      field,
      definition,
      { value: token[field], token, request },
      rt.authorizeTimeout,
      ctx.logger,
    );
    if (ok) verified[field] = now;
    else {
      delete token[field];
      delete verified[field];
    }
    token[VERIFIED_AT_CLAIM] = verified;
    changed = true;
  }
  return changed;
}

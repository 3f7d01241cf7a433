import type { JWT } from "@auth/core/jwt";
import type { Logger } from "../field-checks.js";
import { SafeSessionError } from "../errors.js";
import type { Runtime } from "../config/runtime.js";
import type { AcceptedPatch } from "../session/backend.js";
import { setVerifiedAt, verifiedAt } from "../claims.js";
import { nowSeconds } from "../time.js";
import type { UpdateField } from "../define-updates.js";
import { runAuthorize } from "../field-checks.js";

/**
 * Every `authorize` of the patch, concurrently, against the current token; the first field in the
 * patch's order that is not exactly `true` answers `FORBIDDEN`. `null` (clearing) needs no check.
 */
export async function assertAuthorized(
  rt: Runtime,
  logger: Logger,
  request: Request,
  token: JWT,
  fields: readonly string[],
  values: Record<string, unknown>,
): Promise<void> {
  const results = await Promise.all(
    fields.map((field) =>
      values[field] === null
        ? true
        : runAuthorize(
            field,
            rt.definitions[field] as UpdateField,
            { value: values[field], token, request },
            rt.authorizeTimeout,
            logger,
          ),
    ),
  );
  const denied = fields.findIndex((_, i) => results[i] !== true);
  if (denied !== -1) {
    const field = fields[denied] as string;
    throw new SafeSessionError("FORBIDDEN", `You may not set "${field}" to this value`, { field });
  }
}

/** The current token with the patch applied: a copy, the revalidated fields stamped as just authorized. */
export function draftToken(rt: Runtime, token: JWT, fields: string[], values: Record<string, unknown>): AcceptedPatch {
  const draft: JWT = { ...token };
  const verified = verifiedAt(draft);
  const now = nowSeconds();
  for (const field of fields) {
    const value = values[field];
    if (value === null) {
      delete draft[field];
      delete verified[field];
    } else {
      draft[field] = value;
      // Every field passed the allow-list: it has a definition.
      if ((rt.definitions[field] as UpdateField).revalidate) verified[field] = now;
    }
  }
  setVerifiedAt(draft, verified);
  return { fields, values, draft };
}

import { SafeSessionError } from "../errors.js";
import { reportUpdate } from "../events.js";
import { assertNotCrossSite, assertSameOriginSignal } from "../http/origin.js";
import { isJsonMediaType, parseUpdateBody, readBodyText } from "../http/body.js";
import { overLimit } from "../limits/update-limit.js";
import { csrfTokenMatches } from "../crypto/csrf-token.js";
import type { ConfigContext, SessionView } from "../config/types.js";
import { type Runtime, cookiesOf, failClosed } from "../config/runtime.js";
import { contextOf, originOf } from "../config/resolve.js";
import type { SignedIn } from "../session/backend.js";
import { backendOf, finishRead, rememberSession, signedInSession } from "../session/read.js";
import { storeKeys } from "../store/keys.js";
import { allowListed, parsedValues } from "../field-checks.js";
import { assertAuthorized, draftToken } from "./patch.js";

/*
 * The update contract, step by step as core's README numbers its checks; the first failure
 * answers, and a body with several fields passes each step for all fields before the next.
 *
 *   1. the method is GET or POST                       METHOD_NOT_ALLOWED   (routes/handler.ts, every route)
 *   2. no other site's Origin or Sec-Fetch-Site        CSRF
 *   3. the media type is application/json            UNSUPPORTED_MEDIA_TYPE
 *   4. the body's size, counted while reading         PAYLOAD_TOO_LARGE
 *   5. a JSON object with an object `data`            BAD_REQUEST
 *   6. a valid session                                UNAUTHENTICATED
 *   7. the user's attempts in the window              RATE_LIMITED
 *   8. the double-submit CSRF token                   CSRF
 *   9. every key allow-listed                         UNKNOWN_FIELD
 *  10. every value parses                             INVALID_VALUE
 *  11. every `authorize` returns exactly true         FORBIDDEN
 *  12. the new token fits `maxCookieChunks` cookies   SESSION_TOO_LARGE    (the backend's commit)
 *  13. no other update claimed the next revision      CONFLICT             (the backend's commit)
 */

/** `POST {basePath}/session` with `{ csrfToken, data }`. */
export async function updateFromHttp(rt: Runtime, ctx: ConfigContext, request: Request): Promise<SessionView> {
  // 2.
  assertNotCrossSite(request, originOf(ctx, request));
  // 3.
  if (!isJsonMediaType(request.headers.get("content-type"))) {
    throw new SafeSessionError("UNSUPPORTED_MEDIA_TYPE", "Send the update as application/json");
  }
  // 4. and 5.
  const { csrfToken, data } = parseUpdateBody(await readBodyText(request, rt.maxBody));
  // 6.
  const view = await signedInSession(rt, request);
  // 7.
  await countAttempt(rt, view);
  // 8.
  if (!(await csrfTokenMatches(cookiesOf(rt, request)[ctx.csrf.name], ctx.csrfSecret, csrfToken)))
    throw new SafeSessionError("CSRF", "Missing or invalid CSRF token");
  // 9. to 13.
  return applyPatch(rt, request, view, data);
}

/**
 * The recipe's `GET {basePath}/session?field=value` (`legacyQueryUpdates`): it carries no token, so
 * a positive same-origin signal stands in for steps 2 and 8. `undefined` when the query names no
 * update field (a plain read).
 */
export async function legacyUpdate(
  rt: Runtime,
  ctx: ConfigContext,
  request: Request,
  url: URL,
): Promise<SessionView | undefined> {
  if (rt.legacy === undefined) return undefined;
  const data: Record<string, unknown> = Object.create(null);
  let any = false;
  for (const [key, value] of url.searchParams) {
    const field = rt.legacy.get(key);
    if (field !== undefined && !(field in data)) {
      data[field] = value;
      any = true;
    }
  }
  if (!any) return undefined;
  // 2. and 8.
  assertSameOriginSignal(request, originOf(ctx, request));
  // 6.
  const view = await signedInSession(rt, request);
  // 7.
  await countAttempt(rt, view);
  // 9. to 13.
  return applyPatch(rt, request, view, data);
}

/**
 * An update from the app's server code (server actions, form actions). It carries no body or CSRF
 * token of its own (steps 3–5 and 8 are the framework's), but a request another site sent is
 * still refused (step 2), which covers frameworks without an action CSRF check of their own.
 */
export async function serverUpdate(rt: Runtime, request: Request, patch: Record<string, unknown>): Promise<SignedIn> {
  const ctx = await contextOf(rt, request);
  // 2.
  assertNotCrossSite(request, originOf(ctx, request));
  // 6.
  const view = await signedInSession(rt, request);
  // 7.
  await countAttempt(rt, view);
  const data: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(patch)) if (patch[key] !== undefined) data[key] = patch[key];
  // 9. to 13.
  const next = await applyPatch(rt, request, view, data);
  if (next.token === null || next.session === null) throw new SafeSessionError("UNAUTHENTICATED", "The session ended");
  return next as SignedIn;
}

/**
 * The value a same-origin or direct navigation's URL names (`urlFields`, `pipeline/url-field.ts`)
 * made the session's: a GET carries no token, so the Fetch Metadata (or `Referer`) signal
 * `url-field.ts` checked stands in for steps 2 and 8, and the body is the URL (3–5). The rest is
 * an update's: 6, 7, then 9 to 13 and `onUpdate`.
 */
export async function navigationUpdate(
  rt: Runtime,
  request: Request,
  field: string,
  value: unknown,
): Promise<SessionView> {
  // 6.
  const view = await signedInSession(rt, request);
  // 7.
  await countAttempt(rt, view);
  // 9. to 13.
  return applyPatch(rt, request, view, { [field]: value });
}

/** 7. Every authenticated attempt counts, before the CSRF token, so a flood of bad tokens is limited too. */
async function countAttempt(rt: Runtime, view: SignedIn): Promise<void> {
  const limit = rt.updateLimit;
  if (!limit) return;
  const key = storeKeys.updateAttempts(String(view.token.sub ?? view.token.email ?? ""));
  const retryAfter = await failClosed("store", () => overLimit(rt.store, key, limit));
  if (retryAfter !== undefined) {
    throw new SafeSessionError("RATE_LIMITED", "Too many session updates; try again later", {
      headers: { "retry-after": String(retryAfter) },
    });
  }
}

/**
 * Steps 9 to 13, then `onUpdate`. `data: {}` is a no-op that answers the session as a read does,
 * its `jwt` callback given `trigger: "update"` and the empty patch, as `Auth()` gives it. What an
 * accepted update leaves is what later reads of the same request see.
 */
async function applyPatch(
  rt: Runtime,
  request: Request,
  view: SignedIn,
  data: Record<string, unknown>,
): Promise<SessionView> {
  // 9.
  const fields = allowListed(rt.definitions, data);
  // 10.
  const values = await parsedValues(rt.definitions, data, fields);
  if (fields.length === 0) return remembered(rt, request, await finishRead(rt, view, {}));
  // 11.
  await assertAuthorized(rt, view.ctx.logger, request, view.token, fields, values);
  // 12. and 13.
  const next = await backendOf(view.ctx).commit(rt, view, draftToken(rt, view.token, fields, values));
  if (next.token !== null) reportUpdate(rt, view.ctx, request, view.token, next.token, fields);
  return remembered(rt, request, next);
}

function remembered(rt: Runtime, request: Request, view: SessionView): SessionView {
  rememberSession(rt, request, view);
  return view;
}

import { contextOf, originOf } from "../config/resolve.js";
import { SafeSessionError } from "../errors.js";
import { reportRejection } from "../events.js";
import { type Runtime, perRequest } from "../config/runtime.js";
import type { SessionView } from "../config/types.js";
import { readSession, signedInSession } from "../session/read.js";
import { parsedValues } from "../field-checks.js";
import { namedByUrl } from "../url-pattern.js";
import { assertAuthorized } from "./patch.js";
import { navigationUpdate } from "./update.js";

/*
 * `urlFields`: the page's address decides a field for its own request.
 *
 * Shown: the field's schema and `authorize` run on every request whose URL names a value — never
 * a revalidation window, so a membership removed a second ago refuses the address at once — and
 * the request's session carries the value whatever the cookie holds (two tabs, two companies).
 *
 * Kept: a GET or HEAD that is a same-origin or direct navigation also writes it, as an update
 * (`navigationUpdate`). A GET with a side effect is safe here because it is the same write a
 * click on "Select" makes, idempotent (the same URL twice leaves the same session; a value the
 * session holds already writes nothing), through the same rate limit, events and revision, and
 * only on the app's own navigations: `Sec-Fetch-Site: same-origin` or `none` (typed, a bookmark),
 * else — a browser without Fetch Metadata — a same-origin `Referer`. A link on another site still
 * renders what it names (the colleague's link works), but switches nobody's default. Prefetches
 * (`Sec-Purpose`/`Purpose: prefetch`, Next's `Next-Router-Prefetch`) only render: a link scrolled
 * past is not a visit.
 */

/** Refusals that mean "this address is not yours": the page answers 403 (or its not-found page). */
const REFUSED = new Set(["INVALID_VALUE", "FORBIDDEN"]);
/** Refusals of the write alone: the navigation renders the value, the session keeps its own. */
const NOT_KEPT = new Set(["RATE_LIMITED", "CONFLICT", "SESSION_TOO_LARGE"]);

/**
 * The request's session as its URL decides it: `readSession` when the URL names no field or
 * nobody is signed in; else the checked value over the session (and the token), once per request.
 * Throws `SafeSessionError` `FORBIDDEN` (with `field`) when the address names a value the user
 * may not have; nothing is written then.
 */
export async function urlSession(rt: Runtime, request: Request): Promise<SessionView> {
  if (rt.urlPatterns.length === 0) return readSession(rt, request);
  const named = namedByUrl(rt.urlPatterns, new URL(request.url).pathname);
  if (named === undefined) return readSession(rt, request);
  const decided = await perRequest(rt.requests.url, request, () => decide(rt, request, named.field, named.value));
  const view = await readSession(rt, request);
  if (decided === null || view.token === null || view.session === null) return view;
  return {
    ...view,
    token: { ...view.token, [decided.field]: decided.value },
    session: { ...view.session, [decided.field]: decided.value },
  };
}

async function decide(
  rt: Runtime,
  request: Request,
  field: string,
  raw: string,
): Promise<{ field: string; value: unknown } | null> {
  let signedIn: Awaited<ReturnType<typeof signedInSession>>;
  try {
    signedIn = await signedInSession(rt, request);
  } catch (error) {
    // Signed out: the address decides nothing; the page does what it does for a visitor.
    if (error instanceof SafeSessionError && error.code === "UNAUTHENTICATED") return null;
    throw error;
  }
  try {
    const value = (await parsedValues(rt.definitions, { [field]: raw }, [field]))[field];
    const ctx = await contextOf(rt, request);
    if (signedIn.token[field] !== value && persists(request, originOf(ctx, request))) {
      try {
        await navigationUpdate(rt, request, field, value);
        return { field, value };
      } catch (error) {
        if (!(error instanceof SafeSessionError && NOT_KEPT.has(error.code))) throw error;
        await reportRejection(rt, request, error);
      }
    }
    await assertAuthorized(rt, ctx.logger, request, signedIn.token, [field], { [field]: value });
    return { field, value };
  } catch (error) {
    if (!(error instanceof SafeSessionError && REFUSED.has(error.code))) throw error;
    const refusal = new SafeSessionError("FORBIDDEN", `This address names a "${field}" you may not use`, { field });
    await reportRejection(rt, request, refusal);
    throw refusal;
  }
}

/** A navigation of the app's own (or typed, or bookmarked) that may write: GET/HEAD, no prefetch, a same-origin signal. */
export function persists(request: Request, origin: string): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const headers = request.headers;
  const purpose = `${headers.get("sec-purpose") ?? ""} ${headers.get("purpose") ?? ""}`.toLowerCase();
  if (purpose.includes("prefetch") || headers.has("next-router-prefetch")) return false;
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" || site === "none";
  // No Fetch Metadata (an older browser): the page it came from, when it says so.
  const referer = headers.get("referer");
  if (referer === null) return false;
  try {
    return new URL(referer).origin === origin;
  } catch {
    return false;
  }
}

import { JWTSessionError } from "@auth/core/errors";
import type { JWT } from "@auth/core/jwt";
import { wrapCause } from "../config/check.js";
import { readChunked } from "../http/cookies.js";
import { SafeSessionError } from "../errors.js";
import type { ConfigContext, SessionView } from "../config/types.js";
import { type Runtime, cookiesOf, failClosed } from "../config/runtime.js";
import { REVISION_CLAIM, SESSION_ID_CLAIM } from "../claims.js";
import type { AcceptedPatch, SessionBackend, SignedIn } from "./backend.js";
import { readNextAuthV4, withV4Expiry } from "./next-auth-v4.js";
import { revalidate } from "./revalidate.js";
import { checkToken, revokeSessionId } from "./revocation.js";
import { buildSession } from "./build-session.js";
import { nowSeconds } from "../time.js";
import { decodeStoredFields, encodeStoredFields } from "../store/stored-fields.js";
import { fieldsOf, revisionOf, sessionIdOf, verifiedAt } from "../claims.js";
import { storeKeys } from "../store/keys.js";
import { encodeUpdatedToken, finishWrite, signedOut, writeToken } from "./write.js";

/** Sessions in the encrypted cookie, with each session's latest revision in the store. */
export const jwtBackend: SessionBackend = { start: startJwt, finish: finishJwt, commit: commitJwt };

/** The session cookie decoded; a bad one is logged as Auth.js logs it and read as no session. */
export async function decodeSessionCookie(rt: Runtime, ctx: ConfigContext, request: Request) {
  const { value, names, malformed } = readChunked(cookiesOf(rt, request), ctx.session.name);
  if (value === undefined) return { token: null, names, malformed };
  try {
    const token = await ctx.decode({ token: value, secret: ctx.secrets, salt: ctx.session.name });
    if (token === null) throw new Error("Invalid JWT");
    return { token, names, malformed: false };
  } catch (error) {
    // Tampered, expired or another secret's token: by name and message only (a decode error may
    // carry the token's claims).
    const cause =
      error instanceof Error ? Object.assign(new Error(error.message), { name: error.name }) : new Error("Invalid JWT");
    ctx.logger.error(wrapCause(JWTSessionError, cause));
    return { token: null, names, malformed: true };
  }
}

async function startJwt(rt: Runtime, ctx: ConfigContext, request: Request): Promise<SessionView> {
  const { token, names, malformed } = await decodeSessionCookie(rt, ctx, request);
  if (token !== null) return startToken(rt, ctx, request, token, names, { write: false });
  // No Auth.js session cookie at all (a bad one is a bad session): a next-auth v4 one, if read.
  const v4 = names.length === 0 ? await readNextAuthV4(rt, ctx, request) : undefined;
  if (v4 === undefined) return signedOut(ctx, names, malformed ? names : []);
  const view =
    v4.token === null ? signedOut(ctx, []) : await startToken(rt, ctx, request, v4.token, [], { write: true });
  return { ...view, cookies: [...view.cookies, ...v4.expire] };
}

/** A decoded token up to the app's callbacks: revocation, revisions, revalidation (`write`: it must be written). */
async function startToken(
  rt: Runtime,
  ctx: ConfigContext,
  request: Request,
  token: JWT,
  names: string[],
  { write }: { write: boolean },
): Promise<SessionView> {
  const check = await checkToken(rt, token);
  if (check.revoked) return signedOut(ctx, names);
  let changed = check.healed || write;
  if (rt.revalidated.length > 0) changed = (await revalidate(rt, ctx, request, token)) || changed;
  return {
    ctx,
    token,
    present: names,
    cookies: [],
    session: null,
    revisionRaw: check.revisionRaw,
    started: { changed },
  };
}

/**
 * The rest of a read: the app's `jwt` callback (as an update's when `update` is given: a no-op
 * update), a refresh when due or the token changed, the `session` callback. The started view's
 * cookies (a next-auth v4 cookie's expiry) go out after the token's.
 */
async function finishJwt(rt: Runtime, view: SignedIn, update?: Record<string, unknown>): Promise<SessionView> {
  const { ctx, token, present, revisionRaw } = view;
  let changed = view.started?.changed ?? false;
  let current: JWT | null = token;
  const jwtCallback = ctx.config.callbacks?.jwt;
  if (jwtCallback) {
    const before = JSON.stringify(token);
    const sid = sessionIdOf(token);
    const params = update === undefined ? { token, session: undefined } : { token, trigger: "update", session: update };
    current = (await jwtCallback(params as Parameters<typeof jwtCallback>[0])) ?? null;
    if (current === null) return withCookiesOf(view, await ended(rt, ctx, sid, present));
    changed ||= JSON.stringify(current) !== before;
  }
  const due = typeof current.iat !== "number" || nowSeconds() - current.iat >= ctx.updateAge;
  if (changed || due) return withCookiesOf(view, { ...(await writeToken(rt, ctx, current, present)), revisionRaw });
  const session = await buildSession(rt, ctx, current, new Date((current.exp ?? 0) * 1000));
  return { ctx, token: current, present, cookies: view.cookies, session, revisionRaw };
}

function withCookiesOf(started: SessionView, next: SessionView): SessionView {
  return started.cookies.length === 0 ? next : { ...next, cookies: [...next.cookies, ...started.cookies] };
}

/**
 * The app's `jwt` callback with `trigger: "update"`, then a new revision: encoded first (it may be
 * too large, step 12), then claimed in the store only if no other update claimed it meanwhile
 * (step 13). A callback that returns `null` ends the session.
 */
async function commitJwt(rt: Runtime, view: SignedIn, { fields, values, draft }: AcceptedPatch): Promise<SessionView> {
  const { ctx } = view;
  let result: JWT | null = draft;
  const jwtCallback = ctx.config.callbacks?.jwt;
  if (jwtCallback) {
    const patch = Object.fromEntries(fields.map((field) => [field, values[field]]));
    result =
      (await jwtCallback({ token: draft, trigger: "update", session: patch } as Parameters<typeof jwtCallback>[0])) ??
      null;
    // What the callback returns is written, as in Auth.js: it is the app's own code. A field the
    // patch cleared is gone from `draft`; one the callback copies back as `null` is deleted on encode.
    if (result === null) return withV4Expiry(view, await ended(rt, ctx, sessionIdOf(view.token), view.present));
  }
  const sid = typeof result[SESSION_ID_CLAIM] === "string" ? (result[SESSION_ID_CLAIM] as string) : crypto.randomUUID();
  const rev =
    Math.max(decodeStoredFields(view.revisionRaw, { withRevision: true })?.rev ?? 0, revisionOf(view.token)) + 1;
  result[SESSION_ID_CLAIM] = sid;
  result[REVISION_CLAIM] = rev;
  const encoded = await encodeUpdatedToken(rt, ctx, result);
  const next = encodeStoredFields(
    { rev, fields: fieldsOf(result, rt.fieldNames), verified: verifiedAt(result) },
    { withRevision: true },
  );
  const claimed = await failClosed("store", () =>
    rt.store.compareAndSet(storeKeys.revision(sid), view.revisionRaw, next, ctx.maxAge),
  );
  if (!claimed)
    throw new SafeSessionError("CONFLICT", "The session changed while this update was made; read it and try again");
  // The session (the app's `session` callback, `events.session`) only once the revision is ours:
  // a refused update reports no session an audit log would count.
  return withV4Expiry(view, { ...(await finishWrite(rt, ctx, result, view.present, encoded)), revisionRaw: next });
}

/**
 * The app's `jwt` callback returned `null`: the session ends, as on sign-out — its cookies are
 * expired and its id revoked, so a copy of the old cookie reads as no session either.
 */
async function ended(rt: Runtime, ctx: ConfigContext, sid: string | undefined, names: string[]): Promise<SessionView> {
  if (sid !== undefined) await revokeSessionId(rt, sid, ctx.maxAge);
  return signedOut(ctx, names);
}

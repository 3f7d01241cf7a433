import { Auth, type AuthConfig, setEnvDefaults, skipCSRFCheck } from "@auth/core";
import type { Adapter, AdapterSession, AdapterUser } from "@auth/core/adapters";
import type { JWT } from "@auth/core/jwt";
import type { Session } from "@auth/core/types";
import { EventError, JWTSessionError } from "@auth/core/errors";
import { type ConfigCheck, checkConfig, configErrorOf, configErrorResponse, wrapCause } from "./config-check.js";
import { CHUNK_SIZE, type Cookie, type CookieOptions, chunkCookies, expiredCookie, parseCookies, readChunked, serializeCookie } from "./cookies.js";
import { newCsrfCookie, secretMaterial, timingSafeEqual, verifiedCsrfCookie } from "./csrf.js";
import { authorizeCredentials, fieldsKey, findCredentials, parseFields, usesDatabase, withFieldCleanup } from "./database.js";
import { SafeSessionError, type SafeSessionErrorCode, errorResponse } from "./errors.js";
import { type DatabaseSessionInput, databaseSessionParams, defaultSession } from "./session-shape.js";
import { initCookies } from "./init-cookies.js";
import {
  appOrigin,
  assertNotCrossSite,
  assertSameOriginSignal,
  bodyLeftUnread,
  isJsonMediaType,
  isPlainObject,
  jsonResponse,
  parseUpdateBody,
  readBodyText,
  sameOriginTarget,
} from "./http.js";
import { decode as fastDecode, encode as fastEncode } from "./jwt.js";
import { DEFAULT_RATE_LIMIT, type RateLimitOptions, overLimit } from "./rate-limit.js";
import { authRoute } from "./route.js";
import {
  DEFAULT_SIGN_IN_RATE_LIMIT,
  type SignInRateLimitOptions,
  accountOf,
  isFailedCredentials,
  lockedFor,
  recordFailure,
  signInCounters,
} from "./sign-in-limit.js";
import { MemoryStore, type SafeSessionStore } from "./store.js";
import {
  type Logger,
  type UpdateDefinitions,
  type UpdateField,
  type UpdatePatch,
  type UpdateValues,
  REVISION_CLAIM,
  SESSION_ID_CLAIM,
  VERIFIED_AT_CLAIM,
  assertDefinitions,
  runAuthorize,
  validatePatch,
} from "./updates.js";

export type ConfigInput = AuthConfig | ((request: Request) => AuthConfig | Promise<AuthConfig>);

export interface SafeSessionOptions<U extends UpdateDefinitions> {
  /** The Auth.js config, or a function of the request (sync or async). It is never mutated. */
  config: ConfigInput;
  /** The allow-listed fields, from `defineUpdates`. */
  updates: U;
  /** Opt-in for the recipe's `GET {basePath}/session?field=value`; a map renames query keys. */
  legacyQueryUpdates?: boolean | Readonly<Record<string, Extract<keyof U, string>>>;
  /** Largest update body accepted, in bytes. Default 8 KiB. */
  maxBodyBytes?: number;
  /** Update attempts per user and window. Default 120 a minute; `false` turns it off. */
  rateLimit?: Partial<RateLimitOptions> | false;
  /** How long `authorize` may take before it counts as a no. Default 5000 ms. */
  authorizeTimeoutMs?: number;
  /** Where `AUTH_SECRET`, `AUTH_URL`, `AUTH_TRUST_HOST` are read. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * Rate-limit counters, revocations and session revisions. Default: in memory, one process.
   * Several instances share one (`@safe-session/redis`). When it fails, reads and updates answer
   * `503 UNAVAILABLE` (revocation fails closed) and nothing is written.
   */
  store?: SafeSessionStore;
  /** Cookies a session token may be split into; an update past it is `SESSION_TOO_LARGE`. Default 3. */
  maxCookieChunks?: number;
  /** Audit hooks. They run after the answer is decided; a throw is logged, never surfaced. */
  events?: SafeSessionEvents<U>;
  /**
   * Failed Credentials sign-ins allowed per account and per client address. Default 10 per
   * account and 100 per address in 15 minutes; `false` turns it off.
   */
  signInRateLimit?: Partial<SignInRateLimitOptions> | false;
  /**
   * The client's address, for the per-address sign-in limit. Default: with `trustHost`, the address
   * the nearest proxy added (`X-Forwarded-For`'s last entry, else `X-Real-IP`); otherwise none.
   */
  clientAddress?: (request: Request) => string | undefined | Promise<string | undefined>;
  /** Sign-out revokes the session's id in the store, so a copy of the old cookie reads as no session. Default `true`. */
  revokeOnSignOut?: boolean;
  /**
   * How long `revokeUser` keeps a revocation: at least as long as the longest session it can
   * cover. Default: the larger of 30 days and the static config's `session.maxAge` (and any
   * `maxAge` a config function has returned since); set it when a config function returns a
   * longer `maxAge`.
   */
  revocationTtlSeconds?: number;
}

export interface UpdateEvent<U extends UpdateDefinitions> {
  userId: string | undefined;
  field: Extract<keyof U, string>;
  from: unknown;
  /** The new value, or `undefined` when the field was cleared. */
  to: unknown;
  request: Request;
}

export interface RejectEvent {
  /** Known once the session is read; absent for refusals that come first (method, origin, body). */
  userId: string | undefined;
  code: SafeSessionErrorCode;
  field: string | undefined;
  request: Request;
}

export interface SafeSessionEvents<U extends UpdateDefinitions> {
  /** Once per field of every accepted update. */
  onUpdate?(event: UpdateEvent<U>): void | Promise<void>;
  /** Every refused update, HTTP or server-side. */
  onReject?(event: RejectEvent): void | Promise<void>;
}

/** A session as the app sees it: Auth.js's, with each set update field at the top level. */
export type SafeSessionData<U extends UpdateDefinitions> = Session & UpdateValues<U>;
export type SafeJWT<U extends UpdateDefinitions> = JWT & UpdateValues<U>;

/** Rejects, at compile time, keys of a patch that are not update fields. */
export type ExactPatch<U extends UpdateDefinitions, P> = P & {
  [K in Exclude<keyof P, keyof U>]: never;
};

export interface SessionResult<S> {
  session: S;
  /** `Set-Cookie` headers to send with the response. */
  headers: Headers;
}

export interface SafeSession<U extends UpdateDefinitions> {
  /** Every `{basePath}/*` route: updates here, everything else through `Auth()`. */
  handler(request: Request): Promise<Response>;
  /** The session of a request, decoded once per request object. */
  getSession(request: Request): Promise<SafeSessionData<U> | null>;
  /** The session plus the cookies to send when the token was refreshed or a field revalidated away. */
  readSession(request: Request): Promise<SessionResult<SafeSessionData<U> | null>>;
  /** The decoded token (after revalidation), for middleware and server code. */
  getToken(request: Request): Promise<SafeJWT<U> | null>;
  /** A server-side update: the same allow-list, schemas, `authorize` and rate limit as HTTP. */
  updateSession<P extends UpdatePatch<U>>(
    request: Request,
    patch: ExactPatch<U, P>,
  ): Promise<SessionResult<SafeSessionData<U>>>;
  /** Signs in through Auth.js from server code; answers the redirect with its cookies. */
  signIn(request: Request, provider: string, params?: Record<string, string>, options?: { redirectTo?: string }): Promise<Response>;
  /** Signs out through Auth.js from server code; answers the redirect with its cookies. */
  signOut(request: Request, options?: { redirectTo?: string }): Promise<Response>;
  /** Ends the session of this request everywhere its token may still be (all its future refreshes too). */
  revokeSession(request: Request): Promise<void>;
  /** Ends every session of a user issued until now ("sign out everywhere"). */
  revokeUser(userId: string): Promise<void>;
  /** The config exactly as `Auth()` receives it for this request (env defaults applied). */
  authConfig(request: Request): Promise<ResolvedConfig>;
  readonly updates: U;
}

export type ResolvedConfig = AuthConfig & { basePath: string; secret: string[] };

interface CookieSpec {
  name: string;
  options: CookieOptions;
}

interface Context {
  config: ResolvedConfig;
  secrets: string[];
  csrfSecret: string;
  trustHost: boolean;
  authUrl: string | undefined;
  session: CookieSpec;
  csrf: CookieSpec;
  maxAge: number;
  updateAge: number;
  encode: (params: { token: JWT; secret: string[]; salt: string; maxAge: number }) => Promise<string>;
  decode: (params: { token: string; secret: string[]; salt: string }) => Promise<JWT | null>;
  logger: Logger;
  /** Database sessions: the app's adapter (its `deleteSession` also removes the stored fields). */
  adapter: Adapter | undefined;
  /** Auth.js's configuration rules for this config: a broken one fails as `Auth()` fails. */
  check: ConfigCheck;
}

interface ReadState {
  ctx: Context;
  token: JWT | null;
  /** Cookie names of the current session token, to expire what a rewrite does not cover. */
  present: string[];
  cookies: Cookie[];
  session: Session | null;
  /** The store's record of this session's latest update, as read (for compare-and-set). */
  stateRaw?: string | undefined;
  /** Database sessions: the session row this request carries. */
  db?: { sessionToken: string; key: string; user: AdapterUser; expires: Date; row: AdapterSession } | undefined;
}

/** The latest update of a session, kept in the store under `st:<sid>`. */
interface SessionState {
  rev: number;
  fields: Record<string, unknown>;
  verified: Record<string, number>;
}

const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;
const DEFAULT_UPDATE_AGE = 24 * 60 * 60;
const DEFAULT_MAX_BODY = 8 * 1024;
const ALLOW = "GET, POST";
const DISPLAY_CLAIMS = new Set(["name", "picture"]);

const nowSeconds = () => Math.floor(Date.now() / 1000);

function defaultLogger(config: AuthConfig): Logger {
  const error = config.logger?.error;
  return {
    error: error ? (e) => error(e as Parameters<typeof error>[0]) : (e) => console.error(`[safe-session] ${e.message}`),
  };
}

export function createSafeSession<const U extends UpdateDefinitions>(options: SafeSessionOptions<U>): SafeSession<U> {
  const definitions = options.updates;
  assertDefinitions(definitions);
  const fieldNames = Object.keys(definitions);
  // Display claims (`name`, `picture`) already reach the session as `session.user.*`.
  const topLevelFields = fieldNames.filter((name) => !DISPLAY_CLAIMS.has(name));
  const revalidated = fieldNames.filter((name) => definitions[name]?.revalidate !== undefined);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const authorizeTimeout = options.authorizeTimeoutMs ?? 5000;
  const env = options.env ?? (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
  const limit = options.rateLimit === false ? undefined : { ...DEFAULT_RATE_LIMIT, ...options.rateLimit };
  const store = options.store ?? new MemoryStore();
  // Revocations must outlive every token they revoke: known up front for a static config, and
  // raised to the longest maxAge a config function returns.
  let revocationTtl = Math.max(
    options.revocationTtlSeconds ?? 0,
    DEFAULT_MAX_AGE,
    typeof options.config === "function" ? 0 : (options.config.session?.maxAge ?? 0),
  );
  const signInLimit = options.signInRateLimit === false ? undefined : { ...DEFAULT_SIGN_IN_RATE_LIMIT, ...options.signInRateLimit };
  const revokeOnSignOut = options.revokeOnSignOut ?? true;
  const legacy = legacyQueryMap(options.legacyQueryUpdates, fieldNames);
  const maxChunks = options.maxCookieChunks ?? 3;
  const events = options.events;

  // One derived context per config object (and cookie security): a static config is resolved once.
  const contexts = new WeakMap<AuthConfig, Map<boolean, Context>>();
  const reads = new WeakMap<Request, Promise<ReadState>>();

  const requestContexts = new WeakMap<Request, Promise<Context>>();
  const requestCookies = new WeakMap<Request, Record<string, string>>();
  // The app's own request behind an internal sign-in or sign-out request (for its client address).
  const outerRequests = new WeakMap<Request, Request>();

  /** The request's cookies, parsed once however many checks read them. */
  function cookiesOf(request: Request): Record<string, string> {
    return perRequest(requestCookies, request, () => parseCookies(request.headers.get("cookie")));
  }

  /** The config function runs once per request, however many entry points that request meets. */
  function context(request: Request): Promise<Context> {
    return perRequest(requestContexts, request, () => resolveContext(request));
  }

  async function resolveContext(request: Request): Promise<Context> {
    const raw = typeof options.config === "function" ? await options.config(request) : options.config;
    const authUrl = env.AUTH_URL ?? env.NEXTAUTH_URL;
    const secure = raw.useSecureCookies ?? (authUrl ? authUrl.startsWith("https:") : request.url.startsWith("https:"));
    let byConfig = contexts.get(raw);
    if (byConfig === undefined) contexts.set(raw, (byConfig = new Map()));
    let ctx = byConfig.get(secure);
    if (ctx === undefined) byConfig.set(secure, (ctx = buildContext(raw, secure, authUrl)));
    return ctx;
  }

  function buildContext(raw: AuthConfig, secure: boolean, authUrl: string | undefined): Context {
    const config = { ...raw, providers: raw.providers ?? [] } as AuthConfig;
    setEnvDefaults(env, config, true);
    const secrets = (typeof config.secret === "string" ? [config.secret] : [...(config.secret ?? [])]).filter(Boolean);
    // A missing secret or adapter is not thrown here: the handler answers it as `Auth()` does.
    const check = checkConfig({ ...config, secret: secrets });
    const adapter = usesDatabase(config) && config.adapter ? withFieldCleanup(config.adapter, clearFields) : undefined;
    const prefix = secure ? "__Secure-" : "";
    const base = { httpOnly: true, sameSite: "lax" as const, path: "/", secure };
    const session = {
      name: config.cookies?.sessionToken?.name ?? `${prefix}authjs.session-token`,
      options: { ...base, ...(config.cookies?.sessionToken?.options as CookieOptions | undefined) },
    };
    const csrf = {
      name: config.cookies?.csrfToken?.name ?? `${secure ? "__Host-" : ""}authjs.csrf-token`,
      options: { ...base, ...(config.cookies?.csrfToken?.options as CookieOptions | undefined) },
    };
    const maxAge = config.session?.maxAge ?? DEFAULT_MAX_AGE;
    revocationTtl = Math.max(revocationTtl, maxAge);
    const customEncode = config.jwt?.encode;
    const customDecode = config.jwt?.decode;
    const encode = (customEncode as Context["encode"] | undefined) ?? fastEncode;
    // Auth.js refuses `strategy: "database"` with only Credentials providers, although it infers
    // the same strategy from the adapter: Credentials sign-in is ours then, so the key goes.
    const { strategy: _strategy, ...sessionOptions } = config.session ?? {};
    const resolved = {
      ...config,
      ...(adapter ? { adapter, session: sessionOptions } : {}),
      secret: secrets,
      // Auth() writes the sign-in token with the same fast codec (unless the app brought its own),
      // and every session gets its id from the start.
      jwt: {
        ...config.jwt,
        encode: (params: Parameters<Context["encode"]>[0]) => encode({ ...params, token: withSessionId(params.token) }),
        decode: customDecode ?? fastDecode,
      },
    } as ResolvedConfig;
    return {
      config: resolved,
      secrets,
      csrfSecret: secretMaterial(secrets.length === 1 ? (secrets[0] as string) : secrets),
      trustHost: config.trustHost === true,
      authUrl,
      session,
      csrf,
      maxAge,
      updateAge: config.session?.updateAge ?? DEFAULT_UPDATE_AGE,
      encode,
      decode: (customDecode as Context["decode"] | undefined) ?? fastDecode,
      logger: defaultLogger(config),
      adapter,
      check,
    };
  }

  function origin(request: Request, ctx: Context): string {
    return appOrigin(request, ctx.authUrl, ctx.trustHost);
  }

  // ── reading ──────────────────────────────────────────────────────────────

  function read(request: Request): Promise<ReadState> {
    return perRequest(reads, request, () => readUncached(request));
  }

  async function decodeCookie(request: Request, ctx: Context) {
    const { value, names, malformed } = readChunked(cookiesOf(request), ctx.session.name);
    if (value === undefined) return { token: null, names, malformed };
    try {
      const token = await ctx.decode({ token: value, secret: ctx.secrets, salt: ctx.session.name });
      if (token === null) throw new Error("Invalid JWT");
      return { token, names, malformed: false };
    } catch (error) {
      // Tampered, expired or another secret's token: not a session, logged as Auth.js logs it
      // (by name and message only: a decode error may carry the token's claims).
      const cause = error instanceof Error ? Object.assign(new Error(error.message), { name: error.name }) : new Error("Invalid JWT");
      ctx.logger.error(wrapCause(JWTSessionError, cause));
      return { token: null, names, malformed: true };
    }
  }

  async function readUncached(request: Request): Promise<ReadState> {
    const ctx = await context(request);
    // No secret or no usable adapter: nothing can be read (next-auth's `auth()` throws too).
    const broken = ctx.check.secret ?? ctx.check.providers;
    if (broken) throw broken;
    if (ctx.adapter) return readDatabase(request, ctx, ctx.adapter);
    const { token, names, malformed } = await decodeCookie(request, ctx);
    if (token === null) {
      const cookies = malformed ? cleanCookies(names, ctx) : [];
      return { ctx, token: null, present: names, cookies, session: null };
    }
    const guard = await guardToken(token);
    if (guard.revoked) return { ctx, token: null, present: names, cookies: cleanCookies(names, ctx), session: null };
    let changed = guard.healed;
    if (revalidated.length > 0) changed = (await revalidate(request, ctx, token)) || changed;
    let current: JWT | null = token;
    const jwtCallback = ctx.config.callbacks?.jwt;
    if (jwtCallback) {
      const before = JSON.stringify(token);
      current = (await jwtCallback({ token, session: undefined } as Parameters<typeof jwtCallback>[0])) ?? null;
      if (current === null) {
        return { ctx, token: null, present: names, cookies: cleanCookies(names, ctx), session: null };
      }
      changed ||= JSON.stringify(current) !== before;
    }
    const due = typeof current.iat !== "number" || nowSeconds() - current.iat >= ctx.updateAge;
    if (changed || due) return { ...(await write(ctx, current, names)), stateRaw: guard.stateRaw };
    const session = await buildSession(ctx, current, new Date((current.exp ?? 0) * 1000));
    return { ctx, token: current, present: names, cookies: [], session, stateRaw: guard.stateRaw };
  }

  /**
   * A database session: the adapter's session and user, the fields from the store, the same
   * revalidation, and the expiry pushed forward once `updateAge` has passed (as Auth.js does).
   * The "token" here is a view (`sub`, `email`, … and the fields) so `authorize` reads the same.
   */
  async function readDatabase(request: Request, ctx: Context, adapter: Adapter): Promise<ReadState> {
    const sessionToken = cookiesOf(request)[ctx.session.name] || undefined;
    const present = sessionToken ? [ctx.session.name] : [];
    if (!sessionToken || !adapter.getSessionAndUser) return { ctx, token: null, present, cookies: [], session: null };
    const found = await fromStore(() => adapter.getSessionAndUser?.(sessionToken));
    const now = Date.now();
    if (!found || found.session.expires.valueOf() < now) {
      if (found) await fromStore(async () => void (await adapter.deleteSession?.(sessionToken)));
      return { ctx, token: null, present, cookies: cleanCookies(present, ctx), session: null };
    }
    const { user } = found;
    const key = await fieldsKey(sessionToken);
    const [raw, userRevokedAt] = await fromStore(() => store.get([key, `rv:user:${user.id}`]));
    // Signed out everywhere after this session was created or last extended: it ends here.
    const extendedAt = Math.floor((found.session.expires.valueOf() - ctx.maxAge * 1000) / 1000);
    if (userRevokedAt !== undefined && extendedAt <= Number(userRevokedAt)) {
      await fromStore(async () => void (await adapter.deleteSession?.(sessionToken)));
      return { ctx, token: null, present, cookies: cleanCookies(present, ctx), session: null };
    }
    const stored = parseFields(raw);
    const token: JWT = { sub: user.id, email: user.email, name: user.name ?? null, picture: user.image ?? null, ...stored.fields };
    if (Object.keys(stored.verified).length > 0) token[VERIFIED_AT_CLAIM] = stored.verified;
    let expires = found.session.expires;
    const cookies: Cookie[] = [];
    const refresh = expires.valueOf() - ctx.maxAge * 1000 + ctx.updateAge * 1000 <= now;
    if (refresh) {
      expires = new Date(now + ctx.maxAge * 1000);
      await fromStore(() => adapter.updateSession?.({ sessionToken, expires }));
      cookies.push({ name: ctx.session.name, value: sessionToken, options: { ...ctx.session.options, expires } });
    }
    if ((await revalidate(request, ctx, token)) || (refresh && raw)) await persistFields(key, token, expires);
    const db = { sessionToken, key, user, expires, row: found.session };
    return { ctx, token, present, cookies, session: await buildSession(ctx, token, expires, { row: found.session, user }), db };
  }

  /** Keeps a database session's fields in the store until the session itself expires. */
  async function persistFields(key: string, token: JWT, expires: Date): Promise<void> {
    const fields: Record<string, unknown> = {};
    for (const field of fieldNames) if (token[field] !== undefined && token[field] !== null) fields[field] = token[field];
    const ttl = Math.max(1, Math.ceil((expires.valueOf() - Date.now()) / 1000));
    const value = Object.keys(fields).length > 0 ? JSON.stringify({ fields, verified: verifiedAt(token) }) : "";
    await fromStore(() => store.set(key, value, value ? ttl : 1));
  }

  async function clearFields(sessionToken: string): Promise<void> {
    const key = await fieldsKey(sessionToken);
    await fromStore(() => store.set(key, "", 1));
  }

  /** Store failures fail closed: a clear 503, nothing written, no session served unchecked. */
  async function fromStore<T>(run: () => T | PromiseLike<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new SafeSessionError("UNAVAILABLE", "The session store is unavailable; try again", { cause: error });
    }
  }

  /**
   * Checks the store for this token: revoked (its user signed out everywhere after it was issued,
   * or its session was revoked), or older than the session's latest update — which happens when a
   * slower response's Set-Cookie overwrote a newer token. An older token is brought up to date.
   */
  async function guardToken(token: JWT): Promise<{ revoked: boolean; healed: boolean; stateRaw: string | undefined }> {
    const sid = typeof token[SESSION_ID_CLAIM] === "string" ? (token[SESSION_ID_CLAIM] as string) : undefined;
    const keys = [`rv:user:${token.sub ?? ""}`, ...(sid ? [`rv:sid:${sid}`, `st:${sid}`] : [])];
    const [userRevokedAt, sessionRevoked, stateRaw] = await fromStore(() => store.get(keys));
    const issuedAt = typeof token.iat === "number" ? token.iat : 0;
    if ((userRevokedAt !== undefined && issuedAt <= Number(userRevokedAt)) || sessionRevoked !== undefined) {
      return { revoked: true, healed: false, stateRaw };
    }
    const state = parseState(stateRaw);
    const rev = typeof token[REVISION_CLAIM] === "number" ? (token[REVISION_CLAIM] as number) : 0;
    if (!state || state.rev <= rev) return { revoked: false, healed: false, stateRaw };
    for (const field of fieldNames) {
      if (Object.hasOwn(state.fields, field)) token[field] = state.fields[field];
      else delete token[field];
    }
    if (Object.keys(state.verified).length > 0) token[VERIFIED_AT_CLAIM] = state.verified;
    else delete token[VERIFIED_AT_CLAIM];
    token[REVISION_CLAIM] = state.rev;
    return { revoked: false, healed: true, stateRaw };
  }

  /** Drops a revalidated field whose `authorize` now says no; marks the ones it confirms. */
  async function revalidate(request: Request, ctx: Context, token: JWT): Promise<boolean> {
    let changed = false;
    const now = nowSeconds();
    for (const field of revalidated) {
      if (token[field] === undefined || token[field] === null) continue;
      const definition = definitions[field] as UpdateField;
      const verified = verifiedAt(token);
      if (now - (verified[field] ?? 0) < (definition.revalidate?.everySeconds ?? 0)) continue;
      const ok = await runAuthorize(field, definition, { value: token[field], token, request }, authorizeTimeout, ctx.logger);
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

  async function write(ctx: Context, token: JWT, present: string[], isUpdate = false): Promise<ReadState> {
    for (const field of fieldNames) if (token[field] === null) delete token[field];
    if (typeof token[SESSION_ID_CLAIM] !== "string") token[SESSION_ID_CLAIM] = newSessionId();
    const encoded = await ctx.encode({ token, secret: ctx.secrets, salt: ctx.session.name, maxAge: ctx.maxAge });
    if (isUpdate && Math.ceil(encoded.length / CHUNK_SIZE) > maxChunks) {
      throw new SafeSessionError("SESSION_TOO_LARGE", `The session would need more than ${maxChunks} cookies`);
    }
    // Auth.js's `expires`: now plus maxAge, to the millisecond.
    const expires = new Date(Date.now() + ctx.maxAge * 1000);
    // Every chunk name the budget allows is expired unless written, not only those this request
    // carried: whichever response the browser applies last then leaves exactly one token behind.
    const known = sessionCookieNames(ctx.session.name, maxChunks);
    const names = present.every((name) => known.includes(name)) ? known : [...new Set([...known, ...present])];
    const cookies = chunkCookies(ctx.session.name, encoded, { ...ctx.session.options, expires }, names, (name) =>
      expiredSessionCookie(ctx, name),
    );
    const session = await buildSession(ctx, token, expires);
    return { ctx, token, present, cookies, session };
  }

  function cleanCookies(names: string[], ctx: Context): Cookie[] {
    return names.map((name) => expiredSessionCookie(ctx, name));
  }

  async function buildSession(ctx: Context, token: JWT, expires: Date, db?: DatabaseSessionInput): Promise<Session> {
    const fields: Record<string, unknown> = {};
    for (const field of topLevelFields) {
      const value = token[field];
      if (value !== undefined && value !== null) fields[field] = value;
    }
    const callback = ctx.config.callbacks?.session;
    let result: unknown;
    let eventParams: Record<string, unknown>;
    if (db) {
      // Auth.js's database-session arguments; `name`/`picture` update fields show on the user.
      const user = { ...db.user };
      if (fieldNames.includes("name") && typeof token.name === "string") user.name = token.name;
      if (fieldNames.includes("picture") && typeof token.picture === "string") user.image = token.picture;
      const params = databaseSessionParams({ ...db, user }, fields);
      result = callback ? await callback(params as unknown as Parameters<typeof callback>[0]) : defaultSession(params.session as Record<string, unknown>, fields);
      eventParams = { session: result };
    } else {
      const session = { user: { name: token.name, email: token.email, image: token.picture }, expires: expires.toISOString(), ...fields };
      result = callback ? await callback({ session, token } as unknown as Parameters<typeof callback>[0]) : session;
      eventParams = { session: result, token };
    }
    const event = ctx.config.events?.session;
    if (event) {
      try {
        await event(eventParams as Parameters<typeof event>[0]);
      } catch (error) {
        ctx.logger.error(wrapCause(EventError, error instanceof Error ? error : new Error("events.session failed")));
      }
    }
    return result as Session;
  }

  // ── updating ─────────────────────────────────────────────────────────────

  async function countAttempt(token: JWT): Promise<void> {
    if (!limit) return;
    const retryAfter = await fromStore(() => overLimit(store, String(token.sub ?? token.email ?? ""), limit));
    if (retryAfter !== undefined) {
      throw new SafeSessionError("RATE_LIMITED", "Too many session updates; try again later", {
        headers: { "retry-after": String(retryAfter) },
      });
    }
  }

  async function authenticated(request: Request): Promise<ReadState & { token: JWT }> {
    const state = await read(request);
    if (state.token === null) throw new SafeSessionError("UNAUTHENTICATED", "You are not signed in");
    return state as ReadState & { token: JWT };
  }

  /** Allow-list → schema → authorize for every field, then one write. */
  async function apply(request: Request, state: ReadState & { token: JWT }, data: Record<string, unknown>) {
    const { ctx, token } = state;
    const { values, fields } = await validatePatch(definitions, data);
    if (fields.length === 0) return state;
    const checks = fields.map((field) =>
      values[field] === null
        ? true
        : runAuthorize(field, definitions[field] as UpdateField, { value: values[field], token, request }, authorizeTimeout, ctx.logger),
    );
    const results = await Promise.all(checks);
    const denied = fields.findIndex((_, i) => results[i] !== true);
    if (denied !== -1) {
      const field = fields[denied] as string;
      throw new SafeSessionError("FORBIDDEN", `You may not set "${field}" to this value`, { field });
    }
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
        if (definitions[field]?.revalidate) verified[field] = now;
      }
    }
    if (Object.keys(verified).length > 0) draft[VERIFIED_AT_CLAIM] = verified;
    else delete draft[VERIFIED_AT_CLAIM];
    if (state.db) {
      // Database sessions: the store holds the fields; the cookie (an opaque token) stays as it is.
      await persistFields(state.db.key, draft, state.db.expires);
      const newSession = Object.fromEntries(fields.map((field) => [field, values[field]]));
      const session = await buildSession(ctx, draft, state.db.expires, { row: state.db.row, user: state.db.user, newSession });
      announce(ctx, request, token, draft, fields);
      return { ...state, token: draft, cookies: [], session };
    }
    let result: JWT | null = draft;
    const jwtCallback = ctx.config.callbacks?.jwt;
    if (jwtCallback) {
      const patch = Object.fromEntries(fields.map((field) => [field, values[field]]));
      result = (await jwtCallback({ token: draft, trigger: "update", session: patch } as Parameters<typeof jwtCallback>[0])) ?? null;
      if (result === null) {
        return { ...state, token: null, cookies: cleanCookies(state.present, ctx), session: null };
      }
      for (const field of fields) if (values[field] === null) delete result[field];
    }
    // A new revision of this session: encoded first (it may be too large), then claimed in the
    // store only if nobody else claimed the next revision meanwhile.
    const sid = typeof result[SESSION_ID_CLAIM] === "string" ? (result[SESSION_ID_CLAIM] as string) : newSessionId();
    const rev = Math.max(parseState(state.stateRaw)?.rev ?? 0, numberClaim(token[REVISION_CLAIM])) + 1;
    result[SESSION_ID_CLAIM] = sid;
    result[REVISION_CLAIM] = rev;
    const written = await write(ctx, result, state.present, true);
    const fieldsNow: Record<string, unknown> = {};
    for (const field of fieldNames) if (result[field] !== undefined && result[field] !== null) fieldsNow[field] = result[field];
    const next: SessionState = { rev, fields: fieldsNow, verified: verifiedAt(result) };
    const nextRaw = JSON.stringify(next);
    const claimed = await fromStore(() => store.compareAndSet(`st:${sid}`, state.stateRaw, nextRaw, ctx.maxAge));
    if (!claimed) {
      throw new SafeSessionError("CONFLICT", "The session changed while this update was made; read it and try again");
    }
    written.stateRaw = nextRaw;
    announce(ctx, request, token, result, fields);
    return written;
  }

  function announce(ctx: Context, request: Request, before: JWT, after: JWT, fields: string[]): void {
    if (!events?.onUpdate) return;
    for (const field of fields) {
      const event = { userId: before.sub, field: field as Extract<keyof U, string>, from: before[field], to: after[field], request };
      emit(ctx, () => events.onUpdate?.(event));
    }
  }

  /**
   * Credentials sign-in with database sessions, which Auth.js refuses: the same CSRF check, the
   * provider's `authorize` and the `signIn` callback, then a session row through the adapter.
   */
  async function databaseCredentialsSignIn(request: Request, ctx: Context, adapter: Adapter, providerId: string): Promise<Response> {
    const text = await readBodyText(request, maxBody);
    const json = isJsonMediaType(request.headers.get("content-type"));
    let form: Record<string, unknown> = {};
    try {
      form = json ? (JSON.parse(text) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(text));
    } catch {
      // An unreadable body signs no one in.
    }
    const base = origin(request, ctx);
    const page = `${base}${ctx.config.pages?.signIn ?? `${ctx.config.basePath}/signin`}`;
    const answer = (location: string, cookies: Cookie[] = []) => {
      const headers = cookieHeaders(cookies);
      if (request.headers.has("x-auth-return-redirect")) return jsonResponse({ url: location }, { headers });
      headers.set("location", location);
      return new Response(null, { status: 302, headers });
    };
    const { csrfToken, callbackUrl, ...credentials } = form;
    if (ctx.config.skipCSRFCheck !== skipCSRFCheck) {
      const cookieToken = await verifiedCsrfCookie(cookiesOf(request)[ctx.csrf.name], ctx.csrfSecret);
      if (cookieToken === undefined || typeof csrfToken !== "string" || !timingSafeEqual(cookieToken, csrfToken)) {
        return answer(`${page}?error=MissingCSRF`);
      }
    }
    const user = await authorizeCredentials(ctx.config, providerId, credentials, request);
    if (!user?.id) return answer(`${page}?error=CredentialsSignin&code=credentials`);
    const account = { providerAccountId: user.id, type: "credentials" as const, provider: providerId };
    const allowed = await ctx.config.callbacks?.signIn?.({ user, account, credentials } as Parameters<NonNullable<NonNullable<AuthConfig["callbacks"]>["signIn"]>>[0]);
    if (allowed === false) return answer(`${page}?error=AccessDenied`);
    // The adapter's user for this sign-in: by id, else by email, else a new one. (Some adapters,
    // @auth/kysely-adapter among them, choose their own id on create: seed users whose ids matter.)
    const adapterUser =
      (await fromStore(() => adapter.getUser?.(user.id as string))) ??
      (user.email ? await fromStore(() => adapter.getUserByEmail?.(user.email as string)) : null) ??
      (await fromStore(() =>
        adapter.createUser?.({ id: user.id as string, email: user.email ?? "", emailVerified: null, name: user.name ?? null, image: user.image ?? null }),
      ));
    if (!adapterUser || !adapter.createSession) throw new Error("safe-session: the adapter cannot create users and sessions");
    const sessionToken = ctx.config.session?.generateSessionToken?.() ?? crypto.randomUUID();
    const expires = new Date(Date.now() + ctx.maxAge * 1000);
    await fromStore(() => adapter.createSession?.({ sessionToken, userId: adapterUser.id, expires }));
    const target = typeof allowed === "string" ? allowed : typeof callbackUrl === "string" ? callbackUrl : base;
    const location = sameOriginTarget(target, base);
    return answer(location, [{ name: ctx.session.name, value: sessionToken, options: { ...ctx.session.options, expires } }]);
  }

  /**
   * Credentials sign-in with the failed-attempt limit around it (the same for JWT and database
   * sessions). A locked account or address answers before the provider's `authorize` runs.
   */
  async function credentialsSignIn(request: Request, ctx: Context, providerId: string, declared: Record<string, { type?: string } | undefined>) {
    const signIn = () => (ctx.adapter ? databaseCredentialsSignIn(request, ctx, ctx.adapter, providerId) : Auth(request, ctx.config));
    if (!signInLimit) return signIn();
    const form = await peekForm(request);
    const outer = outerRequests.get(request) ?? request;
    const address = options.clientAddress ? await options.clientAddress(outer) : defaultClientAddress(outer, ctx.trustHost);
    const counters = await signInCounters(signInLimit, form ? accountOf(form, declared) : undefined, address);
    const retryAfter = await fromStore(() => lockedFor(store, counters));
    if (retryAfter !== undefined) return signInThrottled(request, ctx, retryAfter);
    const response = await signIn();
    const location = response.headers.get("location") ?? (await redirectUrlOf(response));
    if (isFailedCredentials(location)) await fromStore(() => recordFailure(store, counters));
    return response;
  }

  /**
   * A throttled sign-in: a browser's form post goes back to the sign-in page with an error it can
   * show (`?error=RateLimited`); API clients get `429 RATE_LIMITED`, and the stock client
   * (`X-Auth-Return-Redirect`) also the `url` it reads the error from.
   */
  function signInThrottled(request: Request, ctx: Context, retryAfter: number): Response {
    const page = `${origin(request, ctx)}${ctx.config.pages?.signIn ?? `${ctx.config.basePath}/signin`}`;
    const url = `${page}${page.includes("?") ? "&" : "?"}error=RateLimited&code=rate_limited`;
    const error = new SafeSessionError("RATE_LIMITED", "Too many failed sign-in attempts; try again later", {
      headers: { "retry-after": String(retryAfter) },
    });
    const headers = new Headers(error.headers);
    const returnRedirect = request.headers.has("x-auth-return-redirect");
    if (!returnRedirect && !isJsonMediaType(request.headers.get("content-type"))) {
      headers.set("location", url);
      return new Response(null, { status: 302, headers });
    }
    return jsonResponse({ ...error.toJSON(), ...(returnRedirect ? { url } : {}) }, { status: error.status, headers });
  }

  /** Signs out through Auth(), then revokes the session's id once Auth() has ended it. */
  async function signOutAndRevoke(request: Request, ctx: Context): Promise<Response> {
    const { token } = await decodeCookie(request, ctx);
    const response = await Auth(request, ctx.config);
    const sid = token?.[SESSION_ID_CLAIM];
    if (typeof sid === "string" && clearsCookie(response, ctx.session.name)) {
      await fromStore(() => store.set(`rv:sid:${sid}`, "1", ctx.maxAge));
    }
    return response;
  }

  /** Runs an audit hook without letting it delay or break the answer. */
  function emit(ctx: Context, hook: () => void | Promise<void> | undefined): void {
    const fail = (error: unknown) =>
      ctx.logger.error(new Error(`safe-session: an event hook threw (${error instanceof Error ? error.name : typeof error})`));
    try {
      const result = hook();
      if (result instanceof Promise) result.catch(fail);
    } catch (error) {
      fail(error);
    }
  }

  /** Tells `onReject` about a refusal. */
  async function report(request: Request, error: SafeSessionError): Promise<void> {
    if (!events?.onReject) return;
    const state = reads.get(request);
    const token = state ? (await state.catch(() => null))?.token : undefined;
    const ctx = await context(request).catch(() => undefined);
    if (ctx) emit(ctx, () => events.onReject?.({ userId: token?.sub, code: error.code, field: error.field, request }));
  }

  async function serverUpdate(request: Request, patch: Record<string, unknown>): Promise<SessionResult<SafeSessionData<U>>> {
    const ctx = await context(request);
    assertNotCrossSite(request, origin(request, ctx));
    const state = await authenticated(request);
    await countAttempt(state.token);
    const own: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(patch)) if (patch[key] !== undefined) own[key] = patch[key];
    const result = await apply(request, state, own);
    if (result.session === null) throw new SafeSessionError("UNAUTHENTICATED", "The session ended");
    // Later reads of the same request see the updated session.
    reads.set(request, Promise.resolve(result));
    return { session: result.session as SafeSessionData<U>, headers: cookieHeaders(result.cookies) };
  }

  async function updateFromHttp(request: Request, ctx: Context): Promise<Response> {
    assertNotCrossSite(request, origin(request, ctx));
    if (!isJsonMediaType(request.headers.get("content-type"))) {
      throw new SafeSessionError("UNSUPPORTED_MEDIA_TYPE", "Send the update as application/json");
    }
    const { csrfToken, data } = parseUpdateBody(await readBodyText(request, maxBody));
    const state = await authenticated(request);
    await countAttempt(state.token);
    const cookieToken = await verifiedCsrfCookie(cookiesOf(request)[ctx.csrf.name], ctx.csrfSecret);
    if (cookieToken === undefined || typeof csrfToken !== "string" || !timingSafeEqual(cookieToken, csrfToken)) {
      throw new SafeSessionError("CSRF", "Missing or invalid CSRF token");
    }
    return sessionResponse(await apply(request, state, data));
  }

  async function legacyUpdate(request: Request, ctx: Context, url: URL): Promise<Response | undefined> {
    if (legacy === undefined) return undefined;
    const data: Record<string, unknown> = Object.create(null);
    let any = false;
    for (const [key, value] of url.searchParams) {
      const field = legacy.get(key);
      if (field !== undefined && !(field in data)) {
        data[field] = value;
        any = true;
      }
    }
    if (!any) return undefined;
    assertSameOriginSignal(request, origin(request, ctx));
    const state = await authenticated(request);
    await countAttempt(state.token);
    return sessionResponse(await apply(request, state, data));
  }

  function sessionResponse(state: ReadState): Response {
    return jsonResponse(state.session, { headers: cookieHeaders(state.cookies) });
  }

  async function csrfResponse(request: Request, ctx: Context): Promise<Response> {
    const headers = new Headers();
    const existing = cookiesOf(request)[ctx.csrf.name];
    let token = await verifiedCsrfCookie(existing, ctx.csrfSecret);
    if (token === undefined) {
      const fresh = await newCsrfCookie(ctx.csrfSecret);
      token = fresh.token;
      headers.append("set-cookie", serializeCookie({ name: ctx.csrf.name, value: fresh.cookieValue, options: ctx.csrf.options }));
    }
    return jsonResponse({ csrfToken: token }, { headers });
  }

  async function handler(request: Request): Promise<Response> {
    try {
      if (request.method !== "GET" && request.method !== "POST") {
        throw new SafeSessionError("METHOD_NOT_ALLOWED", `${request.method} is not allowed here`, {
          headers: { allow: ALLOW },
        });
      }
      const ctx = await context(request);
      const url = new URL(request.url);
      // Read as Auth() reads it: every spelling of its `session` action is the contract's.
      const route = authRoute(url.pathname, ctx.config.basePath);
      const action = route?.action;
      const invalid = configErrorOf(ctx.check, url, cookiesOf(request), ctx.config.useSecureCookies);
      if (invalid) return await configFailure(request, ctx, action, invalid);
      if (action === "session") {
        if (request.method === "POST") return await updateFromHttp(request, ctx);
        const init = await stockInitCookies(ctx, url, cookiesOf(request), true);
        return withCookies(init, (await legacyUpdate(request, ctx, url)) ?? sessionResponse(await read(request)));
      }
      if (action === "csrf" && request.method === "GET") {
        return withCookies(await stockInitCookies(ctx, url, cookiesOf(request), false), await csrfResponse(request, ctx));
      }
      if (request.method === "POST" && action === "callback" && route?.providerId !== undefined) {
        const provider = findCredentials(ctx.config, route.providerId);
        if (provider) return await credentialsSignIn(request, ctx, route.providerId, provider.options?.credentials ?? provider.credentials ?? {});
      }
      if (request.method === "POST" && action === "signout" && revokeOnSignOut && !ctx.adapter) return await signOutAndRevoke(request, ctx);
      return await Auth(request, ctx.config);
    } catch (error) {
      if (!(error instanceof SafeSessionError)) throw error;
      await report(request, error);
      const response = errorResponse(error);
      if (bodyLeftUnread(request)) response.headers.set("connection", "close");
      return response;
    }
  }

  /**
   * A sign-in or sign-out from the app's server code, through the handler with a CSRF token of its
   * own. Minting that token turns Auth.js's CSRF check off, so the origin signals are checked
   * here (a sign-in form posted from another site signs nobody in), and the redirect target is
   * kept on the app's origin.
   */
  async function authPost(request: Request, path: string, params: Record<string, string>, what: string): Promise<Response> {
    const ctx = await context(request);
    const base = origin(request, ctx);
    assertNotCrossSite(request, base, what);
    if (params.callbackUrl !== undefined) params = { ...params, callbackUrl: sameOriginTarget(params.callbackUrl, base) };
    const csrf = await newCsrfCookie(ctx.csrfSecret);
    const cookies = request.headers.get("cookie");
    const csrfCookie = `${ctx.csrf.name}=${encodeURIComponent(csrf.cookieValue)}`;
    const headers = new Headers({
      "content-type": "application/x-www-form-urlencoded",
      cookie: cookies ? `${csrfCookie}; ${cookies}` : csrfCookie,
    });
    for (const name of ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-for", "x-real-ip", "host", "user-agent"]) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    const target = `${base}${ctx.config.basePath}${path}`;
    const body = new URLSearchParams({ ...params, csrfToken: csrf.token });
    // Through the handler, so database sessions sign in with Credentials as over HTTP; with the
    // config the app's own request resolved (a binding may key its config on that request).
    const internal = new Request(target, { method: "POST", headers, body });
    requestContexts.set(internal, Promise.resolve(ctx));
    outerRequests.set(internal, request);
    return handler(internal);
  }

  return {
    updates: definitions,
    handler,
    async getSession(request) {
      return (await read(request)).session as SafeSessionData<U> | null;
    },
    async readSession(request) {
      const state = await read(request);
      return { session: state.session as SafeSessionData<U> | null, headers: cookieHeaders(state.cookies) };
    },
    async getToken(request) {
      return (await read(request)).token as SafeJWT<U> | null;
    },
    async updateSession(request, patch) {
      try {
        return await serverUpdate(request, patch as Record<string, unknown>);
      } catch (error) {
        if (error instanceof SafeSessionError) await report(request, error);
        throw error;
      }
    },
    async signIn(request, provider, params = {}, signInOptions = {}) {
      const path = provider === "credentials" ? "/callback/credentials" : `/signin/${encodeURIComponent(provider)}`;
      const extra = signInOptions.redirectTo ? { callbackUrl: signInOptions.redirectTo } : {};
      return authPost(request, path, { ...params, ...extra }, "sign in");
    },
    async signOut(request, signOutOptions = {}) {
      return authPost(request, "/signout", signOutOptions.redirectTo ? { callbackUrl: signOutOptions.redirectTo } : {}, "sign out");
    },
    async revokeSession(request) {
      const state = await read(request);
      const sid = state.token?.[SESSION_ID_CLAIM];
      if (typeof sid === "string") await fromStore(() => store.set(`rv:sid:${sid}`, "1", state.ctx.maxAge));
    },
    async revokeUser(userId) {
      const now = String(nowSeconds());
      await fromStore(() => store.set(`rv:user:${userId}`, now, revocationTtl));
    },
    async authConfig(request) {
      return (await context(request)).config;
    },
  };
}

/**
 * A config `Auth()` refuses: `Auth()` answers its own routes; the routes core serves answer what
 * it would (the error to `logger.error`, its 500 JSON), so no session is read or written.
 */
async function configFailure(request: Request, ctx: Context, action: string | undefined, error: Error): Promise<Response> {
  if (action !== "session" && action !== "csrf") return Auth(request, ctx.config);
  ctx.logger.error(error);
  return configErrorResponse();
}

/** Auth.js's `init` cookies for a route core answers (`csrf`: whether minting the CSRF cookie is this step's job). */
function stockInitCookies(ctx: Context, url: URL, cookies: Record<string, string>, csrf: boolean): Promise<Cookie[]> {
  const mintsCsrf = csrf && ctx.config.skipCSRFCheck !== skipCSRFCheck;
  return initCookies(ctx.config, url, cookies, {
    csrf: mintsCsrf ? { name: ctx.csrf.name, options: ctx.csrf.options, secret: ctx.csrfSecret } : undefined,
    secure: ctx.config.useSecureCookies ?? url.protocol === "https:",
  });
}

function withCookies(cookies: Cookie[], response: Response): Response {
  for (const cookie of cookies) response.headers.append("set-cookie", serializeCookie(cookie));
  return response;
}

function cookieHeaders(cookies: Cookie[]): Headers {
  const headers = new Headers();
  for (const cookie of cookies) headers.append("set-cookie", serialized(cookie));
  return headers;
}

/** The body of a form or JSON post, read from a copy so `Auth()` still reads the original. */
async function peekForm(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const text = await readBodyText(request.clone(), 64 * 1024);
    if (isJsonMediaType(request.headers.get("content-type"))) {
      const parsed: unknown = JSON.parse(text);
      return isPlainObject(parsed) ? parsed : undefined;
    }
    return Object.fromEntries(new URLSearchParams(text));
  } catch {
    return undefined;
  }
}

/** The `url` of Auth.js's `X-Auth-Return-Redirect` answer, read from a copy. */
async function redirectUrlOf(response: Response): Promise<string | undefined> {
  if (!response.headers.get("content-type")?.includes("json")) return undefined;
  const body: unknown = await response.clone().json().catch(() => undefined);
  return isPlainObject(body) && typeof body.url === "string" ? body.url : undefined;
}

/** Whether a response clears the session cookie (or one of its chunks), as Auth.js's sign-out does. */
function clearsCookie(response: Response, name: string): boolean {
  return response.headers.getSetCookie().some((line) => {
    const eq = line.indexOf("=");
    const cookie = line.slice(0, eq);
    return (cookie === name || cookie.startsWith(`${name}.`)) && /^=\s*(;|$)/.test(line.slice(eq));
  });
}

/** With a trusted proxy in front, the address it added: `X-Forwarded-For`'s last entry, else `X-Real-IP`. */
function defaultClientAddress(request: Request, trustHost: boolean): string | undefined {
  if (!trustHost) return undefined;
  const forwarded = request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  return forwarded || request.headers.get("x-real-ip")?.trim() || undefined;
}

function verifiedAt(token: JWT): Record<string, number> {
  const claim = token[VERIFIED_AT_CLAIM];
  const out: Record<string, number> = Object.create(null);
  if (typeof claim === "object" && claim !== null && !Array.isArray(claim)) {
    for (const [key, value] of Object.entries(claim)) if (typeof value === "number") out[key] = value;
  }
  return out;
}

function legacyQueryMap(
  option: SafeSessionOptions<UpdateDefinitions>["legacyQueryUpdates"],
  fields: string[],
): Map<string, string> | undefined {
  if (!option) return undefined;
  if (option === true) return new Map(fields.map((field) => [field, field]));
  const map = new Map<string, string>();
  for (const [key, field] of Object.entries(option)) {
    if (!fields.includes(field)) {
      throw new TypeError(`safe-session: legacyQueryUpdates maps "${key}" to "${field}", which is not an update field`);
    }
    map.set(key, field);
  }
  return map;
}

function newSessionId(): string {
  return crypto.randomUUID();
}

function withSessionId(token: JWT): JWT {
  return typeof token[SESSION_ID_CLAIM] === "string" ? token : { ...token, [SESSION_ID_CLAIM]: newSessionId() };
}

function numberClaim(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function parseState(raw: string | undefined): SessionState | undefined {
  if (raw === undefined) return undefined;
  try {
    const state = JSON.parse(raw) as Partial<SessionState>;
    if (typeof state.rev !== "number" || typeof state.fields !== "object" || state.fields === null) return undefined;
    return { rev: state.rev, fields: state.fields, verified: typeof state.verified === "object" && state.verified ? state.verified : {} };
  } catch {
    return undefined;
  }
}

// Expiring chunk cookies is the same few lines on every write: each is built and serialized once.
const expiredByContext = new WeakMap<object, Map<string, Cookie>>();
const serializedCookies = new WeakMap<Cookie, string>();

function expiredSessionCookie(ctx: { session: { options: CookieOptions } }, name: string): Cookie {
  let byName = expiredByContext.get(ctx);
  if (byName === undefined) expiredByContext.set(ctx, (byName = new Map()));
  let cookie = byName.get(name);
  if (cookie === undefined) byName.set(name, (cookie = expiredCookie(name, ctx.session.options)));
  return cookie;
}

function serialized(cookie: Cookie): string {
  let line = serializedCookies.get(cookie);
  if (line === undefined) serializedCookies.set(cookie, (line = serializeCookie(cookie)));
  return line;
}

const cookieNameLists = new Map<string, string[]>();

/** The session cookie and every chunk name the budget allows. */
function sessionCookieNames(name: string, chunks: number): string[] {
  const id = `${name}\u0000${chunks}`;
  let names = cookieNameLists.get(id);
  if (names === undefined) {
    names = [name, ...Array.from({ length: chunks }, (_, i) => `${name}.${i}`)];
    if (cookieNameLists.size < 64) cookieNameLists.set(id, names);
  }
  return names;
}

/** Work done once per request object, however many entry points ask for it. */
function perRequest<V>(cache: WeakMap<Request, V>, request: Request, make: () => V): V {
  let value = cache.get(request);
  if (value === undefined) {
    value = make();
    cache.set(request, value);
  }
  return value;
}

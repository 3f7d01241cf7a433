import type { AuthConfig } from "@auth/core";
import type { JWT } from "@auth/core/jwt";
import type { Session } from "@auth/core/types";
import type { Cookie } from "./http/cookies.js";
import type { SafeSessionErrorCode } from "./errors.js";
import type { RateLimitOptions } from "./limits/update-limit.js";
import type { SignInRateLimitOptions } from "./limits/sign-in-limit.js";
import type { SafeSessionStore } from "./store/store.js";
import type { UpdateDefinitions, UpdatePatch, UpdateValues } from "./define-updates.js";

// The public option, result and event types of `createSafeSession`.

/**
 * The Auth.js config, or a function of the request and its context (sync or async). The context
 * is what the entry point was handed beside the request: a binding passes its framework's own
 * (SvelteKit's `RequestEvent`, a Remix loader's `context`); `undefined` when none was given.
 */
export type ConfigInput<C = undefined> =
  | AuthConfig
  | ((request: Request, context: C) => AuthConfig | Promise<AuthConfig>);

/**
 * The trailing context argument of every entry point that resolves the config: required when the
 * config function declares a context that cannot be `undefined`, optional otherwise. The config
 * resolves once per request, so the context given first with a request is the one it sees.
 */
export type ContextArgs<C> = undefined extends C ? [context?: C] : [context: C];

/** `C` is the context the config function and `clientAddress` receive; it is inferred from them. */
export interface SafeSessionOptions<U extends UpdateDefinitions, C = undefined> {
  /** The Auth.js config, or a function of the request and its context. It is never mutated. */
  config: ConfigInput<C>;
  /** The allow-listed fields, from `defineUpdates`. */
  updates: U;
  /** Opt-in for the recipe's `GET {basePath}/session?field=value`; a map renames query keys. */
  legacyQueryUpdates?: boolean | Readonly<Record<string, Extract<keyof U, string>>>;
  /**
   * Keeps next-auth v4 users signed in across a move to safe-session: a request with no Auth.js
   * session cookie but a v4 one (`next-auth.session-token`, `__Secure-next-auth.session-token`,
   * chunked too) is read with v4's key and format under the same secret(s), its claims go
   * through the app's `jwt` callback, and the answer re-issues it as an Auth.js cookie (fresh
   * session id) and expires the v4 cookie(s). Each update field is read from the claim `claims`
   * maps to it, else the claim of its own name, and only after its schema and `authorize` pass;
   * `true` maps none. An unreadable, tampered or expired v4 cookie is no session, and is expired.
   * JWT sessions only. Turn it off once the v4 cookies' `maxAge` (30 days by default) has passed.
   *
   * @example
   * createSafeSession({ config, updates, nextAuthV4: { claims: { companyId: "selectedCompanyId" } } })
   */
  nextAuthV4?: boolean | NextAuthV4Options<Extract<keyof U, string>>;
  /**
   * Fields the page's address decides, per request: update field → a path pattern (`:name` one
   * segment, exactly one per pattern; a trailing `/*` any rest). A URL that names a value runs the
   * field's schema and `authorize` every time (no revalidation window) and, when they pass, that
   * request's `getSession`, `readSession` and `getToken` see the value whatever the session
   * holds; when they fail, they throw `SafeSessionError` `FORBIDDEN` (403). A same-origin or direct
   * GET/HEAD navigation also writes it to the session, through the update pipeline (rate limit,
   * events, revision); a cross-site one only renders it.
   *
   * @example
   * createSafeSession({ config, updates, urlFields: { selectedCompanyId: "/companies/:id/*" } })
   */
  urlFields?: { readonly [K in Exclude<Extract<keyof U, string>, "name" | "picture">]?: string };
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
   * Failed Credentials sign-ins allowed, counted before the provider runs. Default in 15 minutes:
   * 10 per account from one address, 100 per account from all addresses, 100 per address;
   * `false` turns it off.
   */
  signInRateLimit?: Partial<SignInRateLimitOptions> | false;
  /**
   * The client's address, for the sign-in limit: the connection's, which the SvelteKit binding and
   * the Remix binding (from the load context's `clientAddress`) pass by default. Headers a client
   * can send (`X-Forwarded-For`, `X-Real-IP`) are read only when the app names its proxy:
   * `clientAddress: forwardedClientAddress({ header: "x-forwarded-for" })`. `trustHost` and
   * `AUTH_URL` say nothing about who set them. Without an address the per-address limit is off
   * and the per-account limit counts per account.
   */
  clientAddress?: (request: Request, context: C) => string | undefined | Promise<string | undefined>;
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

/** How next-auth v4 session cookies are read (`nextAuthV4`). */
export interface NextAuthV4Options<F extends string = string> {
  /** v4 claim → the update field it becomes (through the field's schema and `authorize`). */
  claims?: Readonly<Record<string, F>>;
}

/** What `events.onUpdate` gets: one accepted field of an update. */
export interface UpdateEvent<U extends UpdateDefinitions> {
  userId: string | undefined;
  field: Extract<keyof U, string>;
  from: unknown;
  /** The new value, or `undefined` when the field was cleared. */
  to: unknown;
  request: Request;
}

/** What `events.onReject` gets: one refused update. */
export interface RejectEvent {
  /** Known once the session is read; absent for refusals that come first (method, origin, body). */
  userId: string | undefined;
  code: SafeSessionErrorCode;
  field: string | undefined;
  request: Request;
}

/** Audit hooks: they never delay or change the answer, and a throw is logged by name only. */
export interface SafeSessionEvents<U extends UpdateDefinitions> {
  /** Once per field of every accepted update. */
  onUpdate?(event: UpdateEvent<U>): void | Promise<void>;
  /** Every refused update, HTTP or server-side. */
  onReject?(event: RejectEvent): void | Promise<void>;
}

/** A session as the app sees it: Auth.js's, with each set update field at the top level. */
export type SafeSessionData<U extends UpdateDefinitions> = Session & UpdateValues<U>;
/** A token as the app's `jwt` callback and `getToken` see it: Auth.js's, with the update fields. */
export type SafeJWT<U extends UpdateDefinitions> = JWT & UpdateValues<U>;

/** Rejects, at compile time, keys of a patch that are not update fields. */
export type ExactPatch<U extends UpdateDefinitions, P> = P & {
  [K in Exclude<keyof P, keyof U>]: never;
};

/** A session with the cookies its read or update set, to send with the app's response. */
export interface SessionResult<S> {
  session: S;
  /** `Set-Cookie` headers to send with the response. */
  headers: Headers;
  /** The same cookies, structured, for frameworks that set cookies through their own API. */
  cookies: readonly Cookie[];
}

/** Every method that takes a request also takes its context last (see `ContextArgs`). */
export interface SafeSession<U extends UpdateDefinitions, C = undefined> {
  /**
   * Every `{basePath}/*` route: updates here, everything else through `Auth()`.
   *
   * @example
   * import { isAuthPath } from "@safe-session/core/binding";
   *
   * export default {
   *   fetch: (request: Request) =>
   *     isAuthPath(new URL(request.url).pathname, "/auth") ? safe.handler(request) : new Response("Not found", { status: 404 }),
   * };
   */
  handler(request: Request, ...context: ContextArgs<C>): Promise<Response>;
  /**
   * The session of a request, decoded once per request object. Only the session: when the read
   * refreshed the token or revalidated a field away, its cookies are dropped — where the response
   * can carry cookies, use `readSession` and send its `headers`.
   *
   * @example
   * const session = await safe.getSession(request);
   * if (!session) return new Response(null, { status: 401 });
   * session.selectedCompanyId; // string | undefined, as the field's schema says
   */
  getSession(request: Request, ...context: ContextArgs<C>): Promise<SafeSessionData<U> | null>;
  /**
   * The session plus the cookies to send when the token was refreshed or a field revalidated away
   * (or a navigation kept a `urlFields` value). Like `getSession` and `getToken`, it answers the
   * value the request's URL names and throws `SafeSessionError` `FORBIDDEN` when that value fails
   * its schema or `authorize`.
   */
  readSession(request: Request, ...context: ContextArgs<C>): Promise<SessionResult<SafeSessionData<U> | null>>;
  /** The decoded token (after revalidation), for middleware and server code. */
  getToken(request: Request, ...context: ContextArgs<C>): Promise<SafeJWT<U> | null>;
  /**
   * A server-side update: the same allow-list, schemas, `authorize` and rate limit as HTTP.
   *
   * @example
   * // A form post handled on the server: answer with the new session's cookies.
   * const { headers } = await safe.updateSession(request, { selectedCompanyId: "acme" });
   * headers.set("location", "/dashboard");
   * return new Response(null, { status: 303, headers });
   */
  updateSession<P extends UpdatePatch<U>>(
    request: Request,
    patch: ExactPatch<U, P>,
    ...context: ContextArgs<C>
  ): Promise<SessionResult<SafeSessionData<U>>>;
  /** Signs in through Auth.js from server code; answers the redirect with its cookies. */
  signIn(
    request: Request,
    provider: string,
    params?: Record<string, string>,
    options?: { redirectTo?: string },
    ...context: ContextArgs<C>
  ): Promise<Response>;
  /** Signs out through Auth.js from server code; answers the redirect with its cookies. */
  signOut(request: Request, options?: { redirectTo?: string }, ...context: ContextArgs<C>): Promise<Response>;
  /**
   * Which `urlFields` field a URL (or path) names, and the raw value, before any check; `undefined`
   * when it names none. For a binding that must decide early whether a page needs its session.
   *
   * @example
   * safe.urlField("/companies/globex/invoices"); // { field: "selectedCompanyId", value: "globex" }
   */
  urlField(url: string | URL): { field: Extract<keyof U, string>; value: string } | undefined;
  /** Ends the session of this request everywhere its token may still be (all its future refreshes too). */
  revokeSession(request: Request, ...context: ContextArgs<C>): Promise<void>;
  /** Ends every session of a user issued until now ("sign out everywhere"). */
  revokeUser(userId: string): Promise<void>;
  /** The config exactly as `Auth()` receives it for this request (env defaults applied). */
  authConfig(request: Request, ...context: ContextArgs<C>): Promise<ResolvedConfig>;
  readonly updates: U;
}

/** The Auth.js config as core resolved it for a request: `basePath` and the secrets always set. */
export type ResolvedConfig = AuthConfig & { basePath: string; secret: string[] };

import type { AuthConfig } from "@auth/core";
import type { ConfigContext, Env, SessionView } from "./types.js";
import { parseCookies } from "../http/cookies.js";
import { SafeSessionError } from "../errors.js";
import { DEFAULT_RATE_LIMIT, type RateLimitOptions } from "../limits/update-limit.js";
import { DEFAULT_MAX_AGE } from "../time.js";
import { DEFAULT_SIGN_IN_RATE_LIMIT, type SignInRateLimitOptions } from "../limits/sign-in-limit.js";
import { MemoryStore, type SafeSessionStore } from "../store/store.js";
import type { SafeSessionEvents, SafeSessionOptions } from "../types.js";
import { type UpdateDefinitions, assertDefinitions } from "../define-updates.js";
import { type UrlPattern, compileUrlPattern } from "../url-pattern.js";

// What is resolved once per instance (`Runtime`) and the caches that hold per-request work; the
// shapes of a resolved config and a read session are in `types.ts` beside this file.

/**
 * What `createSafeSession` resolves once from its options, and the caches that make each piece of
 * work happen once per request. Every module takes it as an argument: no state hides in closures.
 */
export interface Runtime {
  readonly options: SafeSessionOptions<UpdateDefinitions, unknown>;
  readonly definitions: UpdateDefinitions;
  readonly fieldNames: readonly string[];
  /** Fields copied to the session's top level; the display claims (`name`, `picture`) reach `session.user` already. */
  readonly topLevelFields: readonly string[];
  readonly revalidated: readonly string[];
  readonly maxBody: number;
  readonly authorizeTimeout: number;
  readonly env: Env;
  readonly updateLimit: RateLimitOptions | undefined;
  readonly signInLimit: SignInRateLimitOptions | undefined;
  readonly revokeOnSignOut: boolean;
  readonly store: SafeSessionStore;
  /** Query key → update field, for the legacy GET; `undefined` when it is off. */
  readonly legacy: ReadonlyMap<string, string> | undefined;
  /** Update field → the next-auth v4 claim it is read from; `undefined` when v4 cookies are not read. */
  readonly nextAuthV4: ReadonlyMap<string, string> | undefined;
  readonly maxChunks: number;
  /** `urlFields`, compiled, in the option's order. */
  readonly urlPatterns: readonly UrlPattern[];
  readonly events: SafeSessionEvents<UpdateDefinitions> | undefined;
  /** How long a `revokeUser` record lives; raised whenever a config with a longer `maxAge` resolves. */
  revocationTtl: number;
  /** One context per config object and cookie security: a static config is resolved once. */
  readonly contexts: WeakMap<AuthConfig, Map<boolean, ConfigContext>>;
  readonly requests: {
    readonly context: WeakMap<Request, Promise<ConfigContext>>;
    /** What the app's entry point was handed beside the request (a binding's event), for the config function and `clientAddress`. */
    readonly appContext: WeakMap<Request, unknown>;
    readonly cookies: WeakMap<Request, Record<string, string>>;
    /** The request's read, finished (callbacks run), or what an update of the request left. */
    readonly session: WeakMap<Request, Promise<SessionView>>;
    /**
     * An update's read, stopped before the app's callbacks (`SessionView.started`). Never in
     * `session`: a later read of the request finishes it instead of taking it as a session.
     */
    readonly started: WeakMap<Request, Promise<SessionView>>;
    /** What the request's URL names (`urlFields`), checked (and persisted) once: the field and its parsed value, or `null`. */
    readonly url: WeakMap<Request, Promise<{ field: string; value: unknown } | null>>;
    /** The app's own request behind an internal sign-in or sign-out request (for its client address). */
    readonly outer: WeakMap<Request, Request>;
  };
}

const DEFAULT_MAX_BODY = 8 * 1024;
const DEFAULT_AUTHORIZE_TIMEOUT = 5000;
const DISPLAY_CLAIMS = new Set(["name", "picture"]);

export function createRuntime(options: SafeSessionOptions<UpdateDefinitions, unknown>): Runtime {
  const definitions = options.updates;
  assertDefinitions(definitions);
  const fieldNames = Object.keys(definitions);
  const env = options.env ?? (globalThis as { process?: { env: Env } }).process?.env ?? {};
  return {
    options,
    definitions,
    fieldNames,
    topLevelFields: fieldNames.filter((name) => !DISPLAY_CLAIMS.has(name)),
    revalidated: fieldNames.filter((name) => definitions[name]?.revalidate !== undefined),
    maxBody: options.maxBodyBytes ?? DEFAULT_MAX_BODY,
    authorizeTimeout: options.authorizeTimeoutMs ?? DEFAULT_AUTHORIZE_TIMEOUT,
    env,
    updateLimit: options.rateLimit === false ? undefined : { ...DEFAULT_RATE_LIMIT, ...options.rateLimit },
    signInLimit:
      options.signInRateLimit === false ? undefined : { ...DEFAULT_SIGN_IN_RATE_LIMIT, ...options.signInRateLimit },
    revokeOnSignOut: options.revokeOnSignOut ?? true,
    store: options.store ?? new MemoryStore(),
    legacy: legacyQueryMap(options.legacyQueryUpdates, fieldNames),
    nextAuthV4: nextAuthV4Map(options.nextAuthV4, fieldNames),
    maxChunks: options.maxCookieChunks ?? 3,
    urlPatterns: urlPatternsOf(options.urlFields, fieldNames),
    events: options.events,
    // Revocations outlive every token they revoke: known up front for a static config.
    revocationTtl: Math.max(
      options.revocationTtlSeconds ?? 0,
      DEFAULT_MAX_AGE,
      // A config function has no `session` of its own: its maxAge raises this once it runs (context.ts).
      (options.config as { session?: { maxAge?: number } }).session?.maxAge ?? 0,
    ),
    contexts: new WeakMap(),
    requests: {
      context: new WeakMap(),
      appContext: new WeakMap(),
      cookies: new WeakMap(),
      session: new WeakMap(),
      started: new WeakMap(),
      url: new WeakMap(),
      outer: new WeakMap(),
    },
  };
}

/** The request's cookies, parsed once (first value of a name wins, as Auth.js reads them). */
export function cookiesOf(rt: Runtime, request: Request): Record<string, string> {
  return perRequest(rt.requests.cookies, request, () => parseCookies(request.headers.get("cookie")));
}

/**
 * The one place store and adapter failures become `503 UNAVAILABLE`: reads and updates fail
 * closed (nothing written, no session served unchecked, revocation never skipped).
 */
export async function failClosed<T>(what: "store" | "adapter", run: () => T | PromiseLike<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    // Already one of these (the adapter's `deleteSession` clears the session's fields in the
    // store first): it names the dependency that failed, so it is passed on as it is.
    if (error instanceof SafeSessionError) throw error;
    const message =
      what === "store"
        ? "The session store is unavailable; try again"
        : "The session database is unavailable; try again";
    throw new SafeSessionError("UNAVAILABLE", message, { cause: error });
  }
}

/** Work done once per request object, however many entry points ask for it. */
export function perRequest<V>(cache: WeakMap<Request, V>, request: Request, make: () => V): V {
  let value = cache.get(request);
  if (value === undefined) {
    value = make();
    cache.set(request, value);
  }
  return value;
}

function legacyQueryMap(
  option: SafeSessionOptions<UpdateDefinitions, unknown>["legacyQueryUpdates"],
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

/** Each update field reads the v4 claim mapped to it, else the claim of its own name. */
function nextAuthV4Map(
  option: SafeSessionOptions<UpdateDefinitions, unknown>["nextAuthV4"],
  fields: string[],
): Map<string, string> | undefined {
  if (!option) return undefined;
  const map = new Map(fields.map((field) => [field, field]));
  const mapped = new Set<string>();
  for (const [claim, field] of Object.entries(option === true ? {} : (option.claims ?? {}))) {
    if (!fields.includes(field))
      throw new TypeError(
        `safe-session: nextAuthV4.claims maps "${claim}" to "${field}", which is not an update field`,
      );
    if (mapped.has(field)) throw new TypeError(`safe-session: nextAuthV4.claims maps two claims to "${field}"`);
    mapped.add(field);
    map.set(field, claim);
  }
  return map;
}

/** `urlFields` checked at start-up: declared fields only, and not the display claims (no name in an address). */
function urlPatternsOf(
  option: SafeSessionOptions<UpdateDefinitions, unknown>["urlFields"],
  fields: string[],
): UrlPattern[] {
  if (option === undefined) return [];
  return Object.entries(option).map(([field, pattern]) => {
    if (!fields.includes(field) || DISPLAY_CLAIMS.has(field))
      throw new TypeError(`safe-session: urlFields names "${field}", which is not a top-level update field`);
    return compileUrlPattern(field, pattern as string);
  });
}

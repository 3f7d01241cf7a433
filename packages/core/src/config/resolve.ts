import { type AuthConfig, setEnvDefaults } from "@auth/core";
import { checkConfig } from "./check.js";
import type { CookieOptions } from "../http/cookies.js";
import { decode as fastDecode, encode as fastEncode } from "../crypto/jwt.js";
import { appOrigin } from "../http/origin.js";
import type { ConfigContext, Decode, Encode } from "./types.js";
import { type Runtime, perRequest } from "./runtime.js";
import { clearDatabaseFields, usesDatabase, withFieldCleanup } from "./database-adapter.js";
import { withSessionId } from "../claims.js";
import { DEFAULT_MAX_AGE } from "../time.js";
import type { ResolvedConfig } from "../types.js";
import type { Logger } from "../field-checks.js";

const DEFAULT_UPDATE_AGE = 24 * 60 * 60;

/**
 * Keeps the context an entry point was handed beside the request (a binding's event) for the
 * config function and `clientAddress`. The first one given wins, as the config resolves once.
 */
export function withAppContext(rt: Runtime, request: Request, context: unknown): Request {
  if (context !== undefined && !rt.requests.appContext.has(request)) rt.requests.appContext.set(request, context);
  return request;
}

/** The config context of a request: the config function runs once per request, however many entry points it meets. */
export function contextOf(rt: Runtime, request: Request): Promise<ConfigContext> {
  return perRequest(rt.requests.context, request, async () => {
    const { config } = rt.options;
    const raw = typeof config === "function" ? await config(request, rt.requests.appContext.get(request)) : config;
    return contextFor(rt, raw, request);
  });
}

/** The app's own origin for this request (`AUTH_URL`, else with `trustHost` the forwarded host). */
export function originOf(ctx: ConfigContext, request: Request): string {
  return appOrigin(request, ctx);
}

/** The context of `raw` for this request's cookie security, built once and kept with the config object. */
export function contextFor(rt: Runtime, raw: AuthConfig, request: Request): ConfigContext {
  const authUrl = rt.env.AUTH_URL ?? rt.env.NEXTAUTH_URL;
  const secure = raw.useSecureCookies ?? (authUrl ? authUrl.startsWith("https:") : request.url.startsWith("https:"));
  let bySecurity = rt.contexts.get(raw);
  if (bySecurity === undefined) rt.contexts.set(raw, (bySecurity = new Map()));
  let ctx = bySecurity.get(secure);
  if (ctx === undefined) bySecurity.set(secure, (ctx = buildContext(rt, raw, secure, authUrl)));
  return ctx;
}

function buildContext(rt: Runtime, raw: AuthConfig, secure: boolean, authUrl: string | undefined): ConfigContext {
  const config = { ...raw, providers: raw.providers ?? [] } as AuthConfig;
  setEnvDefaults(rt.env, config, true);
  const secrets = (typeof config.secret === "string" ? [config.secret] : [...(config.secret ?? [])]).filter(Boolean);
  // A missing secret or adapter is not thrown here: the handler answers it as `Auth()` does.
  const check = checkConfig({ ...config, secret: secrets });
  const adapter =
    usesDatabase(config) && config.adapter
      ? withFieldCleanup(config.adapter, (token) => clearDatabaseFields(rt, token))
      : undefined;
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
  rt.revocationTtl = Math.max(rt.revocationTtl, maxAge);
  const encode = (config.jwt?.encode as Encode | undefined) ?? fastEncode;
  const decode = (config.jwt?.decode as Decode | undefined) ?? fastDecode;
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
      encode: (params: Parameters<Encode>[0]) => encode({ ...params, token: withSessionId(params.token) }),
      decode,
    },
  } as ResolvedConfig;
  return {
    config: resolved,
    secrets,
    // Auth.js hashes `${token}${options.secret}`, its secret an array stringified with commas
    // (one secret alone is itself): the same string, so its sign-in routes accept our tokens and back.
    csrfSecret: String(secrets),
    trustHost: config.trustHost === true,
    authUrl,
    session,
    csrf,
    maxAge,
    updateAge: config.session?.updateAge ?? DEFAULT_UPDATE_AGE,
    encode,
    decode,
    logger: defaultLogger(config),
    adapter,
    check,
  };
}

function defaultLogger(config: AuthConfig): Logger {
  const error = config.logger?.error;
  return {
    error: error ? (e) => error(e as Parameters<typeof error>[0]) : (e) => console.error(`[safe-session] ${e.message}`),
  };
}

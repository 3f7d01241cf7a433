import type { AuthConfig } from "@auth/core";
import {
  AuthError,
  DuplicateConditionalUI,
  ExperimentalFeatureNotEnabled,
  InvalidCallbackUrl,
  InvalidEndpoints,
  MissingAdapter,
  MissingAdapterMethods,
  MissingAuthorize,
  MissingSecret,
  MissingWebAuthnAutocomplete,
  UnsupportedStrategy,
  UntrustedHost,
} from "@auth/core/errors";
import { callbackUrlCookieName } from "../http/init-cookies.js";

/**
 * Auth.js's own configuration rules (its internal `assertConfig`, which `Auth()` runs before every
 * action), in the same order and with the same error classes: the routes core answers itself
 * (`/session`, `/csrf`) fail as `Auth()` fails on a broken deployment — 500, Auth.js's JSON body,
 * the error handed to `logger.error` — instead of half-working. Every other route reaches `Auth()`,
 * which runs its own copy.
 *
 * One rule differs on purpose: Credentials with `session.strategy: "database"` is refused
 * (`UnsupportedStrategy`) only without an adapter, since core signs such users in itself.
 */
export interface ConfigCheck {
  /** `MissingSecret`: comes after the host check and before the callback URL checks. */
  secret: AuthError | undefined;
  /** Provider, strategy and adapter rules: they come after the callback URL checks. */
  providers: AuthError | undefined;
  /** The callback-URL cookie's name, as Auth.js derives it for this request's protocol. */
  callbackCookie: (secure: boolean) => string;
}

const SESSION_METHODS = [
  "createUser",
  "getUser",
  "getUserByEmail",
  "getUserByAccount",
  "updateUser",
  "linkAccount",
  "createSession",
  "getSessionAndUser",
  "updateSession",
  "deleteSession",
];
const EMAIL_METHODS = ["createVerificationToken", "useVerificationToken", "getUserByEmail"];
const WEBAUTHN_METHODS = [
  "createUser",
  "getUser",
  "linkAccount",
  "getAccount",
  "getAuthenticator",
  "createAuthenticator",
  "listAuthenticatorsByUserId",
  "updateAuthenticatorCounter",
];

interface ProviderLike {
  id?: string;
  type?: string;
  issuer?: string;
  authorize?: unknown;
  authorization?: unknown;
  token?: unknown;
  userinfo?: unknown;
  simpleWebAuthnBrowserVersion?: string;
  enableConditionalUI?: boolean;
  formFields?: Record<string, { autocomplete?: unknown }>;
  options?: { issuer?: string };
}

/** The per-config part, computed once per config (the context cache holds it). */
export function checkConfig(config: AuthConfig): ConfigCheck {
  return {
    secret: config.secret?.length ? undefined : new MissingSecret("Please define a `secret`"),
    providers: providerError(config),
    callbackCookie: (secure) => callbackUrlCookieName(config, secure),
  };
}

/** The error `Auth()` would answer this request with, or `undefined` when the config passes. */
export function configErrorOf(
  ctx: { check: ConfigCheck; trustHost: boolean; config: { useSecureCookies?: boolean } },
  url: URL,
  cookies: Readonly<Record<string, string>>,
): AuthError | undefined {
  const { check } = ctx;
  if (!ctx.trustHost) return new UntrustedHost(`Host must be trusted. URL was: ${url}`);
  if (check.secret) return check.secret;
  const param = url.searchParams.get("callbackUrl");
  if (param && !isValidHttpUrl(param, url.origin))
    return new InvalidCallbackUrl(`Invalid callback URL. Received: ${param}`);
  const cookie = cookies[check.callbackCookie(ctx.config.useSecureCookies ?? url.protocol === "https:")];
  if (cookie && !isValidHttpUrl(cookie, url.origin))
    return new InvalidCallbackUrl(`Invalid callback URL. Received: ${cookie}`);
  return check.providers;
}

/** Auth.js's answer to a configuration error on an API route (every route but its HTML pages). */
export function configErrorResponse(): Response {
  const message = "There was a problem with the server configuration. Check the server logs for more information.";
  // Not `Response.json`: fetch polyfills (remix-serve's) lack it.
  return new Response(JSON.stringify({ message }), { status: 500, headers: { "content-type": "application/json" } });
}

function isValidHttpUrl(value: string, base: string): boolean {
  try {
    return /^https?:/.test(new URL(value, value.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

function providerError(config: AuthConfig): AuthError | undefined {
  const providers = (config.providers ?? []).map(
    (p) => (typeof p === "function" ? (p as () => unknown)() : p) as ProviderLike,
  );
  let conditionalUI = false;
  let credentials = false;
  let email = false;
  let webauthn = false;
  for (const provider of providers) {
    if ((provider.type === "oauth" || provider.type === "oidc") && !(provider.issuer ?? provider.options?.issuer)) {
      const url = (endpoint: unknown) =>
        typeof endpoint === "string" || Boolean((endpoint as { url?: unknown } | undefined)?.url);
      const key = !url(provider.authorization)
        ? "authorization"
        : !url(provider.token)
          ? "token"
          : !url(provider.userinfo)
            ? "userinfo"
            : undefined;
      if (key) {
        return new InvalidEndpoints(
          `Provider "${provider.id}" is missing both \`issuer\` and \`${key}\` endpoint config. At least one of them is required`,
        );
      }
    }
    if (provider.type === "credentials") credentials = true;
    else if (provider.type === "email") email = true;
    else if (provider.type === "webauthn") {
      webauthn = true;
      const version = provider.simpleWebAuthnBrowserVersion;
      if (version && !/^v\d+(?:\.\d+){0,2}$/.test(version)) {
        return new AuthError(
          `Invalid provider config for "${provider.id}": simpleWebAuthnBrowserVersion "${version}" must be a valid semver string.`,
        );
      }
      if (provider.enableConditionalUI) {
        if (conditionalUI) {
          return new DuplicateConditionalUI(
            "Multiple webauthn providers have 'enableConditionalUI' set to True. Only one provider can have this option enabled at a time",
          );
        }
        conditionalUI = true;
        const hasField = Object.values(provider.formFields ?? {}).some((f) =>
          String(f.autocomplete).includes("webauthn"),
        );
        if (!hasField) {
          return new MissingWebAuthnAutocomplete(
            `Provider "${provider.id}" has 'enableConditionalUI' set to True, but none of its formFields have 'webauthn' in their autocomplete param`,
          );
        }
      }
    }
  }
  const { adapter, session } = config;
  if (credentials) {
    const onlyCredentials = providers.every((p) => p.type === "credentials");
    if (session?.strategy === "database" && onlyCredentials && !adapter) {
      return new UnsupportedStrategy("Signing in with credentials only supported if JWT strategy is enabled");
    }
    if (providers.some((p) => p.type === "credentials" && !p.authorize)) {
      return new MissingAuthorize("Must define an authorize() handler to use credentials authentication provider");
    }
  }
  const required: string[] = [];
  if (email || session?.strategy === "database" || (!session?.strategy && adapter)) {
    if (email) {
      if (!adapter) return new MissingAdapter("Email login requires an adapter");
      required.push(...EMAIL_METHODS);
    } else {
      if (!adapter) return new MissingAdapter("Database session requires an adapter");
      required.push(...SESSION_METHODS);
    }
  }
  if (webauthn) {
    if (!config.experimental?.enableWebAuthn) {
      return new ExperimentalFeatureNotEnabled(
        "WebAuthn is an experimental feature. To enable it, set `experimental.enableWebAuthn` to `true` in your config",
      );
    }
    if (!adapter) return new MissingAdapter("WebAuthn requires an adapter");
    required.push(...WEBAUTHN_METHODS);
  }
  // Methods are required only where an adapter was demanded above, so without one the list is empty.
  const missing = required.filter((method) => !(method in (adapter ?? {})));
  if (missing.length > 0)
    return new MissingAdapterMethods(`Required adapter methods were missing: ${missing.join(", ")}`);
  return undefined;
}

/** An Auth.js error around a cause, as Auth.js builds them (`cause: { err }`); its types only admit a string. */
export function wrapCause<E extends AuthError>(Class: new (message?: string) => E, cause: Error): E {
  return new Class(cause as unknown as string);
}

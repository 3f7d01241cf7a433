import type { AuthConfig } from "@auth/core";
import type { Adapter } from "@auth/core/adapters";
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
import { describe, expect, test } from "vitest";
import { createSafeSession } from "../../src/index.js";
import { ORIGIN, memoryAdapter, testConfig, testUpdates } from "../support/fixture.js";

// Auth.js's configuration rules (its `assertConfig`, run before every action) hold on the routes
// core answers itself: `GET /session` fails with the error `Auth()` would log, 500, no session.
// Expected errors are written out: Auth.js keeps some of its rule state per process, so a stock
// `Auth()` run beside these would answer after its own earlier calls.

type Provider = Record<string, unknown>;
const credentials: Provider = { id: "credentials", type: "credentials", authorize: () => null };
const oauth = (fields: Provider = {}): Provider => ({ id: "acme", type: "oauth", ...fields });
const webauthn = (fields: Provider = {}): Provider => ({ id: "passkey", type: "webauthn", ...fields });
const SESSION_METHODS =
  "createUser, getUser, getUserByEmail, getUserByAccount, updateUser, linkAccount, createSession, getSessionAndUser, updateSession, deleteSession";
const WEBAUTHN_METHODS =
  "createUser, getUser, linkAccount, getAccount, getAuthenticator, createAuthenticator, listAuthenticatorsByUserId, updateAuthenticatorCounter";

function config(
  change: Partial<Record<keyof AuthConfig, unknown>> & { providers?: (Provider | (() => Provider))[] },
): AuthConfig {
  const { callbacks: _callbacks, ...base } = testConfig();
  return { ...base, ...change } as AuthConfig;
}

async function answer(authConfig: AuthConfig, url = `${ORIGIN}/auth/session`, cookie?: string) {
  const logged: string[] = [];
  const safe = createSafeSession({
    config: {
      ...authConfig,
      logger: { error: (error: Error) => void logged.push(`${error.name}: ${error.message}`), warn: () => {} },
    },
    updates: testUpdates(),
    env: {},
  });
  const response = await safe.handler(new Request(url, cookie ? { headers: { cookie } } : {}));
  return { status: response.status, logged };
}

const fails = (error: Error) => ({ status: 500, logged: [`${error.name}: ${error.message}`] });
const passes = { status: 200, logged: [] };

describe("the callback URL", () => {
  test.each([
    ["a path", "?callbackUrl=%2Fdashboard", undefined, passes],
    [
      "an https URL elsewhere (the redirect callback keeps it on the origin later)",
      "?callbackUrl=https%3A%2F%2Fother.example%2Fx",
      undefined,
      passes,
    ],
    [
      "javascript:",
      "?callbackUrl=javascript%3Aalert(1)",
      undefined,
      fails(new InvalidCallbackUrl("Invalid callback URL. Received: javascript:alert(1)")),
    ],
    [
      "ftp:",
      "?callbackUrl=ftp%3A%2F%2Fx",
      undefined,
      fails(new InvalidCallbackUrl("Invalid callback URL. Received: ftp://x")),
    ],
    [
      "a scheme that only ends in http:",
      "?callbackUrl=xhttp%3A%2F%2Fx",
      undefined,
      fails(new InvalidCallbackUrl("Invalid callback URL. Received: xhttp://x")),
    ],
    [
      "a cookie with javascript:",
      "",
      "authjs.callback-url=javascript%3Ax",
      fails(new InvalidCallbackUrl("Invalid callback URL. Received: javascript:x")),
    ],
    ["a cookie with a path", "", "authjs.callback-url=%2Fhome", passes],
    [
      "the __Secure- cookie on plain http is not the callback cookie",
      "",
      "__Secure-authjs.callback-url=javascript%3Ax",
      passes,
    ],
  ])("%s", async (_, query, cookie, expected) => {
    expect(await answer(testConfig(), `${ORIGIN}/auth/session${query}`, cookie)).toEqual(expected);
  });

  test("with secure cookies, the __Secure- cookie is the one checked", async () => {
    const secure = config({ useSecureCookies: true });
    expect(await answer(secure, `${ORIGIN}/auth/session`, "__Secure-authjs.callback-url=javascript%3Ax")).toEqual(
      fails(new InvalidCallbackUrl("Invalid callback URL. Received: javascript:x")),
    );
    expect(await answer(secure, `${ORIGIN}/auth/session`, "authjs.callback-url=javascript%3Ax")).toEqual(passes);
  });

  test("on https without useSecureCookies, the __Secure- cookie is the one checked", async () => {
    const https = "https://app.example/auth/session";
    expect(await answer(testConfig(), https, "__Secure-authjs.callback-url=javascript%3Ax")).toEqual(
      fails(new InvalidCallbackUrl("Invalid callback URL. Received: javascript:x")),
    );
    expect(await answer(testConfig(), https, "authjs.callback-url=javascript%3Ax")).toEqual(passes);
  });

  test("an untrusted host is logged with the URL it was asked for, as Auth() logs it", async () => {
    expect(await answer(config({ trustHost: false }), `${ORIGIN}/auth/session?x=1`)).toEqual(
      fails(new UntrustedHost(`Host must be trusted. URL was: ${ORIGIN}/auth/session?x=1`)),
    );
  });

  test("a relative callback URL without a leading / is not an http URL", async () => {
    expect(await answer(testConfig(), `${ORIGIN}/auth/session?callbackUrl=dashboard`)).toEqual(
      fails(new InvalidCallbackUrl("Invalid callback URL. Received: dashboard")),
    );
  });

  test("an app's own cookie name is the one checked", async () => {
    const named = config({ cookies: { callbackUrl: { name: "app.cb", options: {} } } });
    expect(await answer(named, `${ORIGIN}/auth/session`, "app.cb=javascript%3Ax")).toEqual(
      fails(new InvalidCallbackUrl("Invalid callback URL. Received: javascript:x")),
    );
    expect(await answer(named, `${ORIGIN}/auth/session`, "authjs.callback-url=javascript%3Ax")).toEqual(passes);
  });
});

describe("providers, strategy and adapter", () => {
  const fullAdapter = memoryAdapter();
  const noMethods = {} as Adapter;
  const missing = (methods: string) => new MissingAdapterMethods(`Required adapter methods were missing: ${methods}`);
  const endpoints = (id: string, key: string) =>
    new InvalidEndpoints(
      `Provider "${id}" is missing both \`issuer\` and \`${key}\` endpoint config. At least one of them is required`,
    );

  test.each<[string, AuthConfig, { status: number; logged: string[] }]>([
    ["no secret", config({ secret: undefined }), fails(new MissingSecret("Please define a `secret`"))],
    ["an empty secret list", config({ secret: [] }), fails(new MissingSecret("Please define a `secret`"))],
    [
      "OAuth without issuer or authorization",
      config({ providers: [oauth()] }),
      fails(endpoints("acme", "authorization")),
    ],
    [
      "OIDC without issuer or authorization",
      config({ providers: [oauth({ type: "oidc" })] }),
      fails(endpoints("acme", "authorization")),
    ],
    [
      "OAuth without token",
      config({ providers: [oauth({ authorization: "https://a.example" })] }),
      fails(endpoints("acme", "token")),
    ],
    [
      "OAuth without userinfo",
      config({ providers: [oauth({ authorization: { url: "https://a.example" }, token: "https://t.example" })] }),
      fails(endpoints("acme", "userinfo")),
    ],
    [
      "OAuth with its three endpoints",
      config({
        providers: [
          oauth({
            authorization: "https://a.example",
            token: { url: "https://t.example" },
            userinfo: "https://u.example",
          }),
        ],
      }),
      passes,
    ],
    ["OAuth with an issuer", config({ providers: [oauth({ issuer: "https://i.example" })] }), passes],
    [
      "OAuth with an issuer in its options",
      config({ providers: [oauth({ options: { issuer: "https://i.example" } })] }),
      passes,
    ],
    [
      "a provider given as a function",
      config({ providers: [() => oauth()] }),
      fails(endpoints("acme", "authorization")),
    ],
    [
      "Credentials alone with database sessions and no adapter",
      config({ providers: [credentials], session: { strategy: "database" } }),
      fails(new UnsupportedStrategy("Signing in with credentials only supported if JWT strategy is enabled")),
    ],
    [
      "Credentials beside OAuth with database sessions and no adapter",
      config({ providers: [credentials, oauth({ issuer: "https://i.example" })], session: { strategy: "database" } }),
      fails(new MissingAdapter("Database session requires an adapter")),
    ],
    // The one rule that differs on purpose: core signs such users in itself.
    [
      "Credentials alone with database sessions and an adapter",
      config({ providers: [credentials], session: { strategy: "database" }, adapter: fullAdapter }),
      passes,
    ],
    [
      "Credentials without authorize",
      config({ providers: [{ id: "credentials", type: "credentials" }] }),
      fails(new MissingAuthorize("Must define an authorize() handler to use credentials authentication provider")),
    ],
    [
      "one Credentials provider without authorize beside one with it",
      config({ providers: [credentials, { id: "second", type: "credentials" }] }),
      fails(new MissingAuthorize("Must define an authorize() handler to use credentials authentication provider")),
    ],
    [
      "email without an adapter",
      config({ providers: [credentials, { id: "mail", type: "email" }] }),
      fails(new MissingAdapter("Email login requires an adapter")),
    ],
    [
      "email with an adapter lacking its methods",
      config({
        providers: [credentials, { id: "mail", type: "email" }],
        adapter: { getUserByEmail: () => null } as Adapter,
        session: { strategy: "jwt" },
      }),
      fails(missing("createVerificationToken, useVerificationToken")),
    ],
    [
      "an adapter without a strategy means database sessions: all their methods",
      config({ adapter: noMethods }),
      fails(missing(SESSION_METHODS)),
    ],
    [
      "an adapter with JWT sessions needs none of them",
      config({ adapter: noMethods, session: { strategy: "jwt" } }),
      passes,
    ],
    [
      "WebAuthn without the experimental flag",
      config({ providers: [credentials, webauthn()] }),
      fails(
        new ExperimentalFeatureNotEnabled(
          "WebAuthn is an experimental feature. To enable it, set `experimental.enableWebAuthn` to `true` in your config",
        ),
      ),
    ],
    ...["1.2.3", "v1.2.3-beta", "xv1.2", "v1.2.3.4"].map(
      (version): [string, AuthConfig, { status: number; logged: string[] }] => [
        `WebAuthn with browser version ${version}`,
        config({ providers: [webauthn({ simpleWebAuthnBrowserVersion: version })] }),
        fails(
          new AuthError(
            `Invalid provider config for "passkey": simpleWebAuthnBrowserVersion "${version}" must be a valid semver string.`,
          ),
        ),
      ],
    ),
    [
      "WebAuthn without an adapter",
      config({
        providers: [webauthn({ simpleWebAuthnBrowserVersion: "v9.0" })],
        experimental: { enableWebAuthn: true },
      }),
      fails(new MissingAdapter("WebAuthn requires an adapter")),
    ],
    // Valid versions pass that rule and meet the next one, as in Auth(): multi-digit parts, one to three parts.
    ...["v10.12.3", "v9", "v12.10"].map((version): [string, AuthConfig, { status: number; logged: string[] }] => [
      `WebAuthn with browser version ${version}, without an adapter`,
      config({
        providers: [webauthn({ simpleWebAuthnBrowserVersion: version })],
        experimental: { enableWebAuthn: true },
      }),
      fails(new MissingAdapter("WebAuthn requires an adapter")),
    ]),
    [
      "WebAuthn with an adapter lacking its methods",
      config({
        providers: [webauthn()],
        experimental: { enableWebAuthn: true },
        adapter: noMethods,
        session: { strategy: "jwt" },
      }),
      fails(missing(WEBAUTHN_METHODS)),
    ],
    [
      "WebAuthn conditional UI without a webauthn autocomplete field",
      config({
        providers: [webauthn({ enableConditionalUI: true, formFields: { username: { autocomplete: "username" } } })],
      }),
      fails(
        new MissingWebAuthnAutocomplete(
          `Provider "passkey" has 'enableConditionalUI' set to True, but none of its formFields have 'webauthn' in their autocomplete param`,
        ),
      ),
    ],
    [
      "WebAuthn conditional UI without form fields at all",
      config({ providers: [webauthn({ enableConditionalUI: true })] }),
      fails(
        new MissingWebAuthnAutocomplete(
          `Provider "passkey" has 'enableConditionalUI' set to True, but none of its formFields have 'webauthn' in their autocomplete param`,
        ),
      ),
    ],
    [
      "WebAuthn conditional UI on two providers",
      config({
        providers: [
          webauthn({ enableConditionalUI: true, formFields: { username: { autocomplete: "username webauthn" } } }),
          webauthn({
            id: "second",
            enableConditionalUI: true,
            formFields: { username: { autocomplete: "username webauthn" } },
          }),
        ],
      }),
      fails(
        new DuplicateConditionalUI(
          "Multiple webauthn providers have 'enableConditionalUI' set to True. Only one provider can have this option enabled at a time",
        ),
      ),
    ],
    [
      "WebAuthn conditional UI on one provider, enabled, with an adapter: fine",
      config({
        providers: [
          webauthn({ enableConditionalUI: true, formFields: { username: { autocomplete: "username webauthn" } } }),
        ],
        experimental: { enableWebAuthn: true },
        adapter: {
          ...fullAdapter,
          getAccount: () => null,
          getAuthenticator: () => null,
          createAuthenticator: () => null,
          listAuthenticatorsByUserId: () => [],
          updateAuthenticatorCounter: () => null,
        } as unknown as Adapter,
        session: { strategy: "jwt" },
      }),
      passes,
    ],
  ])("%s", async (_, authConfig, expected) => {
    expect(await answer(authConfig)).toEqual(expected);
  });
});

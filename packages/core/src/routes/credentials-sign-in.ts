import { Auth, type AuthConfig, skipCSRFCheck } from "@auth/core";
import type { Adapter } from "@auth/core/adapters";
import type { User } from "@auth/core/types";
import { SafeSessionError } from "../errors.js";
import { isJsonMediaType, isJsonObject, jsonResponse, readBodyText } from "../http/body.js";
import { sameOriginTarget } from "../http/origin.js";
import { originOf } from "../config/resolve.js";
import type { ConfigContext } from "../config/types.js";
import { type Runtime, cookiesOf, failClosed } from "../config/runtime.js";
import { cookieHeaders } from "../session/write.js";
import {
  accountOf,
  isFailedCredentials,
  lockedFor,
  recordFailure,
  releaseAttempt,
  reserveAttempt,
  signInCounters,
} from "../limits/sign-in-limit.js";
import { clientAddressOf } from "./client-address.js";
import { csrfTokenMatches } from "../crypto/csrf-token.js";
import { signInPage } from "./path.js";

type DeclaredCredentials = Record<string, { type?: string } | undefined>;
type Authorize = (credentials: Record<string, unknown>, request: Request) => unknown;

export interface CredentialsProvider {
  id?: string;
  type?: string;
  credentials?: DeclaredCredentials;
  authorize?: Authorize;
  options?: { id?: string; credentials?: DeclaredCredentials; authorize?: Authorize };
}

export function findCredentials(config: AuthConfig, providerId: string): CredentialsProvider | undefined {
  for (const entry of config.providers ?? []) {
    const provider = (typeof entry === "function" ? (entry as () => unknown)() : entry) as CredentialsProvider;
    if (provider.type === "credentials" && (provider.options?.id ?? provider.id) === providerId) return provider;
  }
  return undefined;
}

/**
 * `POST {basePath}/callback/<credentials provider>`, with the failed-attempt limit around it (the
 * same for JWT and database sessions). The body is read as `Auth()` reads it, or refused, so the
 * limit counts the account the provider will see. The attempt is counted before the provider's
 * `authorize` runs and given back unless Auth.js reports it failed (`error=CredentialsSignin`):
 * a burst of any size lets at most the limit through.
 */
export async function credentialsSignIn(
  rt: Runtime,
  ctx: ConfigContext,
  request: Request,
  provider: CredentialsProvider,
): Promise<Response> {
  const limit = rt.signInLimit;
  const form = limit || ctx.adapter ? await readSignInForm(request) : undefined;
  const signIn = () =>
    ctx.adapter
      ? databaseCredentialsSignIn(rt, ctx, request, ctx.adapter, provider, form ?? {})
      : Auth(request, ctx.config);
  if (!limit) return signIn();
  const declared = provider.options?.credentials ?? provider.credentials ?? {};
  const counters = await signInCounters(
    limit,
    form ? accountOf(form, declared) : undefined,
    await clientAddressOf(rt, request),
  );
  const locked = await failClosed("store", () => lockedFor(rt.store, counters));
  if (locked !== undefined) return signInThrottled(ctx, request, locked);
  const reservation = await failClosed("store", () => reserveAttempt(rt.store, counters));
  if (reservation.retryAfter !== undefined) return signInThrottled(ctx, request, reservation.retryAfter);
  // A throw from the provider or the adapter leaves the attempt counted: only an answer gives it back.
  const response = await signIn();
  if (isFailedCredentials(response.headers.get("location") ?? (await redirectUrlOf(response)))) {
    await failClosed("store", () => recordFailure(rt.store, reservation));
  } else {
    await failClosed("store", () => releaseAttempt(rt.store, reservation));
  }
  return response;
}

/**
 * A throttled sign-in: a browser's form post goes back to the sign-in page with an error it can
 * show (`?error=RateLimited`); API clients get `429 RATE_LIMITED`, and the stock client
 * (`X-Auth-Return-Redirect`) also the `url` it reads the error from.
 */
function signInThrottled(ctx: ConfigContext, request: Request, retryAfter: number): Response {
  const page = `${originOf(ctx, request)}${signInPage(ctx.config)}`;
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

/**
 * Credentials sign-in with database sessions, which Auth.js refuses: the same CSRF check, the
 * provider's `authorize` and the `signIn` callback, then a session row through the adapter.
 */
async function databaseCredentialsSignIn(
  rt: Runtime,
  ctx: ConfigContext,
  request: Request,
  adapter: Adapter,
  provider: CredentialsProvider,
  form: Record<string, unknown>,
): Promise<Response> {
  const base = originOf(ctx, request);
  const page = `${base}${signInPage(ctx.config)}`;
  const answer = (location: string, cookies = cookieHeaders([])) => {
    if (request.headers.has("x-auth-return-redirect")) return jsonResponse({ url: location }, { headers: cookies });
    cookies.set("location", location);
    return new Response(null, { status: 302, headers: cookies });
  };
  const { csrfToken, callbackUrl, ...credentials } = form;
  if (
    ctx.config.skipCSRFCheck !== skipCSRFCheck &&
    !(await csrfTokenMatches(cookiesOf(rt, request)[ctx.csrf.name], ctx.csrfSecret, csrfToken))
  ) {
    return answer(`${page}?error=MissingCSRF`);
  }
  const authorize = provider.options?.authorize ?? provider.authorize;
  const user = ((await authorize?.(credentials, request)) ?? null) as User | null;
  if (!user?.id) return answer(`${page}?error=CredentialsSignin&code=credentials`);
  // The id findCredentials matched.
  const providerId = (provider.options?.id ?? provider.id) as string;
  const account = { providerAccountId: user.id, type: "credentials" as const, provider: providerId };
  const allowed = await ctx.config.callbacks?.signIn?.({ user, account, credentials } as Parameters<
    NonNullable<NonNullable<AuthConfig["callbacks"]>["signIn"]>
  >[0]);
  if (allowed === false) return answer(`${page}?error=AccessDenied`);
  // The adapter's user for this sign-in: by id, else by email, else a new one. (Some adapters,
  // @auth/kysely-adapter among them, choose their own id on create: seed users whose ids matter.)
  const id = user.id;
  const fromAdapter = <T>(run: () => T | PromiseLike<T>) => failClosed("adapter", run);
  const adapterUser =
    (await fromAdapter(() => adapter.getUser?.(id))) ??
    (user.email ? await fromAdapter(() => adapter.getUserByEmail?.(user.email as string)) : null) ??
    (await fromAdapter(() =>
      adapter.createUser?.({
        id,
        email: user.email ?? "",
        emailVerified: null,
        name: user.name ?? null,
        image: user.image ?? null,
      }),
    ));
  const { createSession } = adapter;
  if (!adapterUser || !createSession) throw new Error("safe-session: the adapter cannot create users and sessions");
  const sessionToken = ctx.config.session?.generateSessionToken?.() ?? crypto.randomUUID();
  const expires = new Date(Date.now() + ctx.maxAge * 1000);
  await fromAdapter(() => createSession.call(adapter, { sessionToken, userId: adapterUser.id, expires }));
  const target = typeof allowed === "string" ? allowed : typeof callbackUrl === "string" ? callbackUrl : base;
  return answer(
    sameOriginTarget(target, base),
    cookieHeaders([{ name: ctx.session.name, value: sessionToken, options: { ...ctx.session.options, expires } }]),
  );
}

/** The most a sign-in body may hold: a form of a few fields, with room to spare. */
export const SIGN_IN_BODY_LIMIT = 64 * 1024;

/**
 * The fields `Auth()` will read from a sign-in body (`@auth/core`'s `getBody`: JSON when the media
 * type contains `application/json`, else a form when it contains
 * `application/x-www-form-urlencoded`), read from a copy so `Auth()` still reads the original.
 * Whatever cannot be read that way is refused before any provider runs, never let through
 * uncounted: too large (413), another media type (415), JSON that is not an object or text that
 * is not UTF-8 (400).
 */
async function readSignInForm(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  // Auth.js's own test, case and all: `Application/JSON` is no JSON to it, so none to the limit.
  const json = type.includes("application/json");
  if (!json && !type.includes("application/x-www-form-urlencoded")) {
    throw new SafeSessionError("UNSUPPORTED_MEDIA_TYPE", "Send the sign-in as a form or as JSON");
  }
  const text = await readBodyText(request.clone(), SIGN_IN_BODY_LIMIT);
  if (!json) return Object.fromEntries(new URLSearchParams(text));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SafeSessionError("BAD_REQUEST", "The sign-in body is not valid JSON");
  }
  if (!isJsonObject(parsed)) throw new SafeSessionError("BAD_REQUEST", "The sign-in body must be a JSON object");
  return parsed;
}

/**
 * The `url` of Auth.js's `X-Auth-Return-Redirect` answer, read from a copy (a body that is not JSON
 * has none; `isFailedCredentials` reads only a string).
 */
async function redirectUrlOf(response: Response): Promise<string | undefined> {
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => undefined);
  return (body as { url?: string } | null | undefined)?.url;
}

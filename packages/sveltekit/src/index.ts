import { type UpdateDefinitions, createSafeSession, isSafeSessionError } from "@safe-session/core";
import { followRedirect, formFields, isAuthPath, toFrameworkCookie } from "@safe-session/core/binding";
import { type Action, type Handle, type RequestEvent, error, redirect } from "@sveltejs/kit";
import { setCookies } from "./cookies.js";
import type { SafeSessionLocals, SvelteKitSafeSession, SvelteKitSafeSessionOptions } from "./types.js";

// What an app imports beside the factory: update definitions, errors, stores, the session's types.
export {
  ERROR_STATUS,
  MemoryStore,
  SafeSessionError,
  defineUpdates,
  forwardedClientAddress,
  isSafeSessionError,
  parseErrorBody,
} from "@safe-session/core";
export type {
  AuthorizeContext,
  SafeJWT,
  SafeSession,
  SafeSessionData,
  SafeSessionErrorCode,
  SafeSessionStore,
} from "@safe-session/core";
export type { ExactPatch, SessionResult, UpdateDefinitions, UpdatePatch, UpdatesOf } from "@safe-session/core";
export type { KitConfigInput, SafeSessionLocals, SvelteKitSafeSession, SvelteKitSafeSessionOptions } from "./types.js";

/**
 * Everything a SvelteKit app needs, on one core instance.
 *
 * @example
 * // src/lib/server/auth.ts
 * export const { handle, signIn, signOut, updateSession } = createSvelteKitSafeSession({ config: (event) => authConfig, updates });
 */
export function createSvelteKitSafeSession<const U extends UpdateDefinitions>(
  options: SvelteKitSafeSessionOptions<U>,
): SvelteKitSafeSession<U> {
  const { config } = options;
  // The event is core's context: every call below passes it after the request.
  const safe = createSafeSession<U, RequestEvent>({
    ...options,
    config: typeof config === "function" ? (_request, event) => config(event) : config,
    // The socket's address, for the per-address sign-in limit, unless the app says otherwise.
    clientAddress:
      options.clientAddress ??
      ((_request, event) => {
        try {
          return event.getClientAddress();
        } catch {
          // An adapter that cannot tell the address: the per-address limit does not apply.
          return undefined;
        }
      }),
  });

  // A `load`'s data request (`…/__data.json`) reads the session as its page would: core sees the
  // page's URL (`event.url`), which `urlFields` match, not the data request's own.
  const pageRequests = new WeakMap<RequestEvent, Request>();
  function pageRequest(event: RequestEvent): Request {
    if (new URL(event.request.url).pathname === event.url.pathname) return event.request;
    let request = pageRequests.get(event);
    if (request === undefined)
      pageRequests.set(event, (request = new Request(event.url, { headers: event.request.headers })));
    return request;
  }

  async function getSession(event: RequestEvent) {
    // Core caches the decoded session per Request, and an update in a form action replaces it,
    // so a `load` after the action reads the new session; setting the same cookies twice is harmless.
    const { session, cookies } = await safe.readSession(pageRequest(event), event);
    setCookies(event.cookies, cookies.map(toFrameworkCookie));
    return session;
  }

  /** Copies the cookies of core's redirect onto the event and redirects like a form action should. */
  async function follow(event: RequestEvent, answer: Promise<Response>): Promise<never> {
    // A sign-in or sign-out posted from another site: the contract's status, not a 500. A
    // same-origin target stays relative so `use:enhance` navigates client-side.
    const { location, cookies } = await followRedirect(answer, {
      base: event.url,
      onRefusal: (refusal) => error(refusal.status, refusal.message),
    });
    setCookies(event.cookies, cookies);
    redirect(303, location);
  }

  const handle: Handle = async ({ event, resolve }) => {
    (event.locals as SafeSessionLocals<U>).auth = () => getSession(event);
    const { basePath } = await safe.authConfig(event.request, event);
    if (isAuthPath(event.url.pathname, basePath)) return safe.handler(event.request, event);
    // A page whose address names a `urlFields` value is refused here, before any `load` runs;
    // its read also keeps the value a same-origin or direct navigation names (its cookie set here).
    if (safe.urlField(event.url) !== undefined) {
      try {
        await getSession(event);
      } catch (refusal) {
        if (isSafeSessionError(refusal) && refusal.code === "FORBIDDEN") error(403, refusal.message);
        throw refusal;
      }
    }
    return resolve(event);
  };

  const signIn: Action = async (event) => {
    const { providerId, redirectTo, ...params } = await formOf(event.request);
    await follow(
      event,
      safe.signIn(event.request, providerId || "credentials", params, redirectTo ? { redirectTo } : {}, event),
    );
  };

  const signOut: Action = async (event) => {
    const { redirectTo } = await formOf(event.request);
    await follow(event, safe.signOut(event.request, { redirectTo: redirectTo || "/" }, event));
  };

  return {
    handle,
    signIn,
    signOut,
    getSession,
    async updateSession(event, patch) {
      const { session, cookies } = await safe.updateSession(event.request, patch, event);
      setCookies(event.cookies, cookies.map(toFrameworkCookie));
      return session;
    },
    safe,
  };
}

/** The fields of a form action's post; an unreadable body is no fields. */
async function formOf(request: Request): Promise<Record<string, string>> {
  return formFields(await request.formData().catch(() => undefined));
}

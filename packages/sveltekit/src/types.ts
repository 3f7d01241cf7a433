/**
 * The SvelteKit binding's public shapes: its options (core's, with the event as the context), what
 * `handle` puts on `event.locals`, and what `createSvelteKitSafeSession` returns.
 */
import type { AuthConfig } from "@auth/core";
import type {
  ExactPatch,
  SafeSession,
  SafeSessionData,
  SafeSessionOptions,
  UpdateDefinitions,
  UpdatePatch,
} from "@safe-session/core";
import type { Action, Handle, RequestEvent } from "@sveltejs/kit";

/** The Auth.js config, or a function of the SvelteKit event (sync or async), like `SvelteKitAuth`'s. */
export type KitConfigInput = AuthConfig | ((event: RequestEvent) => AuthConfig | Promise<AuthConfig>);

/** Core's options with the event as the context: `clientAddress(request, event)` gets it too. */
export type SvelteKitSafeSessionOptions<U extends UpdateDefinitions> = Omit<
  SafeSessionOptions<U, RequestEvent>,
  "config"
> & {
  config: KitConfigInput;
};

/** What `handle` puts on `event.locals`; extend `App.Locals` with it in `src/app.d.ts`. */
export interface SafeSessionLocals<U extends UpdateDefinitions> {
  /** The session, typed with the update fields; decoded once per request. */
  auth(): Promise<SafeSessionData<U> | null>;
}

/** What `createSvelteKitSafeSession` returns: `handle`, the reads, form-action updates, sign-in and sign-out. */
export interface SvelteKitSafeSession<U extends UpdateDefinitions> {
  /**
   * For `src/hooks.server.ts`: serves Auth.js's routes (`{basePath}/<action>`, `isAuthPath`) through
   * core and sets `event.locals.auth`; every other path, `{basePath}` itself included, is the app's.
   * A page whose address names a `urlFields` value the user may not have answers `error(403)` here.
   */
  handle: Handle;
  /** Form action: signs in with the form's `providerId` (default `credentials`), fields and `redirectTo`. */
  signIn: Action;
  /** Form action: signs out, then redirects to the form's `redirectTo` (default `/`). */
  signOut: Action;
  /** The session of the event, with any refreshed cookie set on `event.cookies`. */
  getSession(event: RequestEvent): Promise<SafeSessionData<U> | null>;
  /**
   * A server-side update for form actions: core's allow-list, schemas, `authorize` and rate
   * limit; the new cookie goes out through `event.cookies`. Throws `SafeSessionError`.
   */
  updateSession<P extends UpdatePatch<U>>(event: RequestEvent, patch: ExactPatch<U, P>): Promise<SafeSessionData<U>>;
  /** The framework-neutral instance, for `getToken` and the rest of core's API; pass the event last. */
  safe: SafeSession<U, RequestEvent>;
}

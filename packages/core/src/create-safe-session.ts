import { contextOf, withAppContext } from "./config/resolve.js";
import { SafeSessionError } from "./errors.js";
import { reportRejection } from "./events.js";
import { serverUpdate } from "./pipeline/update.js";
import { urlSession } from "./pipeline/url-field.js";
import { handle } from "./routes/handler.js";
import { serverAuthPost } from "./routes/server-auth.js";
import { createRuntime } from "./config/runtime.js";
import { readSession } from "./session/read.js";
import { namedByUrl } from "./url-pattern.js";
import { revokeSessionId, revokeUserSessions } from "./session/revocation.js";
import { sessionIdOf } from "./claims.js";
import { cookieHeaders } from "./session/write.js";
import type { SafeJWT, SafeSession, SafeSessionData, SafeSessionOptions } from "./types.js";
import type { UpdateDefinitions } from "./define-updates.js";

/**
 * The safe-session instance of an app: its options resolved once, each call a module's function.
 * Every entry point first files the request's context (its trailing argument) in the
 * per-request caches, where the config function and `clientAddress` find it.
 *
 * @example
 * import { createSafeSession, defineUpdates } from "@safe-session/core";
 * import { z } from "zod";
 *
 * export const safe = createSafeSession({
 *   config: { providers: [], basePath: "/auth", trustHost: true }, // secret from AUTH_SECRET
 *   updates: defineUpdates({ name: { schema: z.string().trim().min(1).max(50) } }),
 * });
 * // Any server: every {basePath}/* request goes to the handler.
 * export default { fetch: (request: Request) => safe.handler(request) };
 */
export function createSafeSession<const U extends UpdateDefinitions, C = undefined>(
  options: SafeSessionOptions<U, C>,
): SafeSession<U, C> {
  const rt = createRuntime(options as unknown as SafeSessionOptions<UpdateDefinitions, unknown>);
  const enter = (request: Request, context: readonly unknown[]) => withAppContext(rt, request, context[0]);
  const handler = (request: Request, ...context: unknown[]) => handle(rt, enter(request, context));
  return {
    updates: options.updates,
    handler,
    async getSession(request, ...context) {
      return (await urlSession(rt, enter(request, context))).session as SafeSessionData<U> | null;
    },
    async readSession(request, ...context) {
      const view = await urlSession(rt, enter(request, context));
      return {
        session: view.session as SafeSessionData<U> | null,
        headers: cookieHeaders(view.cookies),
        cookies: view.cookies,
      };
    },
    async getToken(request, ...context) {
      return (await urlSession(rt, enter(request, context))).token as SafeJWT<U> | null;
    },
    urlField(url) {
      const named = namedByUrl(rt.urlPatterns, new URL(url, "http://url-field.invalid").pathname);
      return named as { field: Extract<keyof U, string>; value: string } | undefined;
    },
    async updateSession(request, patch, ...context) {
      try {
        const view = await serverUpdate(rt, enter(request, context), patch as Record<string, unknown>);
        return {
          session: view.session as SafeSessionData<U>,
          headers: cookieHeaders(view.cookies),
          cookies: view.cookies,
        };
      } catch (error) {
        if (error instanceof SafeSessionError) await reportRejection(rt, request, error);
        throw error;
      }
    },
    signIn(request, provider, params = {}, signInOptions = {}, ...context) {
      const path = provider === "credentials" ? "/callback/credentials" : `/signin/${encodeURIComponent(provider)}`;
      const extra = signInOptions.redirectTo ? { callbackUrl: signInOptions.redirectTo } : {};
      return serverAuthPost(rt, handler, enter(request, context), path, { ...params, ...extra }, "sign in");
    },
    signOut(request, signOutOptions = {}, ...context) {
      const params = signOutOptions.redirectTo ? { callbackUrl: signOutOptions.redirectTo } : {};
      return serverAuthPost(rt, handler, enter(request, context), "/signout", params, "sign out");
    },
    async revokeSession(request, ...context) {
      const view = await readSession(rt, enter(request, context));
      const sid = sessionIdOf(view.token);
      if (sid !== undefined) await revokeSessionId(rt, sid, view.ctx.maxAge);
    },
    revokeUser: (userId) => revokeUserSessions(rt, userId),
    async authConfig(request, ...context) {
      return (await contextOf(rt, enter(request, context))).config;
    },
  };
}

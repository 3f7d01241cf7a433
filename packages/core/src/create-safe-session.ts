import { SafeSessionError } from "./errors.js";
import { reportRejection } from "./events.js";
import { serverUpdate } from "./pipeline/update.js";
import { handle } from "./routes/handler.js";
import { serverAuthPost } from "./routes/server-auth.js";
import { createRuntime } from "./runtime.js";
import { contextOf } from "./context.js";
import { readSession } from "./session/read.js";
import { revokeSessionId, revokeUserSessions } from "./session/revocation.js";
import { sessionIdOf } from "./session/state.js";
import { cookieHeaders } from "./session/write.js";
import type { SafeJWT, SafeSession, SafeSessionData, SafeSessionOptions } from "./types.js";
import type { UpdateDefinitions } from "./updates.js";

/** The safe-session instance of an app: its options resolved once, each call a module's function. */
export function createSafeSession<const U extends UpdateDefinitions>(options: SafeSessionOptions<U>): SafeSession<U> {
  const rt = createRuntime(options as unknown as SafeSessionOptions<UpdateDefinitions>);
  const handler = (request: Request) => handle(rt, request);
  return {
    updates: options.updates,
    handler,
    async getSession(request) {
      return (await readSession(rt, request)).session as SafeSessionData<U> | null;
    },
    async readSession(request) {
      const view = await readSession(rt, request);
      return { session: view.session as SafeSessionData<U> | null, headers: cookieHeaders(view.cookies), cookies: view.cookies };
    },
    async getToken(request) {
      return (await readSession(rt, request)).token as SafeJWT<U> | null;
    },
    async updateSession(request, patch) {
      try {
        const view = await serverUpdate(rt, request, patch as Record<string, unknown>);
        return { session: view.session as SafeSessionData<U>, headers: cookieHeaders(view.cookies), cookies: view.cookies };
      } catch (error) {
        if (error instanceof SafeSessionError) await reportRejection(rt, request, error);
        throw error;
      }
    },
    signIn(request, provider, params = {}, signInOptions = {}) {
      const path = provider === "credentials" ? "/callback/credentials" : `/signin/${encodeURIComponent(provider)}`;
      const extra = signInOptions.redirectTo ? { callbackUrl: signInOptions.redirectTo } : {};
      return serverAuthPost(rt, handler, request, path, { ...params, ...extra }, "sign in");
    },
    signOut(request, signOutOptions = {}) {
      const params = signOutOptions.redirectTo ? { callbackUrl: signOutOptions.redirectTo } : {};
      return serverAuthPost(rt, handler, request, "/signout", params, "sign out");
    },
    async revokeSession(request) {
      const view = await readSession(rt, request);
      const sid = sessionIdOf(view.token);
      if (sid !== undefined) await revokeSessionId(rt, sid, view.ctx.maxAge);
    },
    revokeUser: (userId) => revokeUserSessions(rt, userId),
    async authConfig(request) {
      return (await contextOf(rt, request)).config;
    },
  };
}

import type { AuthConfig } from "@auth/core";
import Credentials from "@auth/core/providers/credentials";
import { defineUpdates } from "@safe-session/core";
import { z } from "zod";
import { type DemoStore, openDemoStore } from "./store.js";

export interface DemoAuthOptions {
  store?: DemoStore;
  env?: Record<string, string | undefined>;
  /** Auth.js base path: `/api/auth` for Next, `/auth` elsewhere. */
  basePath: string;
}

/**
 * The contract's auth setup for the benchmark's stock apps and the Remix binding's tests:
 * Credentials sign-in against the demo store, `session.user.id`, and one update field,
 * `selectedCompanyId`, that only a member of the company may select (re-checked every
 * `SAFE_SESSION_REVALIDATE_SECONDS`, 300 by default). Pass `rateLimit` on to `createSafeSession`
 * (or the binding): `SAFE_SESSION_RATE_LIMIT_MAX` sets its `max` (120 by default).
 */
export function demoAuth({ store = openDemoStore(), env = process.env, basePath }: DemoAuthOptions) {
  const everySeconds = Number(env.SAFE_SESSION_REVALIDATE_SECONDS ?? 300);
  const updates = defineUpdates({
    selectedCompanyId: {
      schema: z.string().min(1).max(64),
      authorize: ({ value, token }) => typeof token.sub === "string" && store.isMember(token.sub, value),
      revalidate: { everySeconds: Number.isFinite(everySeconds) && everySeconds >= 0 ? everySeconds : 300 },
    },
  });
  const config = {
    ...demoSecretConfig(env),
    basePath,
    trustHost: true,
    session: { strategy: "jwt" },
    pages: { signIn: "/", error: "/" },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: (credentials) => store.verifyCredentials(credentials.email, credentials.password),
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) token.sub = user.id;
        return token;
      },
      // Database sessions pass `user` and no `token`, as Auth.js does.
      session({ session, token, user }) {
        const id = token?.sub ?? user?.id;
        if (session.user && id) session.user.id = id;
        return session;
      },
    },
  } satisfies AuthConfig;
  // The contract's default is 120 update attempts a minute; a conformance or load run raises it.
  const rateLimit = { max: Number(env.SAFE_SESSION_RATE_LIMIT_MAX ?? 120) || 120, windowSeconds: 60 };
  return { store, updates, config, rateLimit };
}

/**
 * The recipe safe-session replaces, for the benchmark's stock apps: on `trigger: "update"` the
 * `jwt` callback copies what the client posted into the token, unchecked, and `session` shows it.
 */
export function recipeConfig(config: ReturnType<typeof demoAuth>["config"]) {
  return {
    ...config,
    callbacks: {
      jwt(params: Parameters<typeof config.callbacks.jwt>[0] & { trigger?: string; session?: unknown }) {
        const token = config.callbacks.jwt(params);
        const posted = params.session as { selectedCompanyId?: unknown } | undefined;
        if (params.trigger === "update" && posted?.selectedCompanyId !== undefined)
          token.selectedCompanyId = posted.selectedCompanyId;
        return token;
      },
      session(params: Parameters<typeof config.callbacks.session>[0]) {
        const session = config.callbacks.session(params) as typeof params.session & { selectedCompanyId?: unknown };
        if (params.token.selectedCompanyId !== undefined) session.selectedCompanyId = params.token.selectedCompanyId;
        return session;
      },
    },
  } satisfies AuthConfig;
}

let warned = false;

/**
 * `{}` when `AUTH_SECRET` is set (Auth.js then reads it, and `AUTH_SECRET_1..3` for rotation),
 * else a development secret, with a loud warning once per process.
 */
export function demoSecretConfig(env: Record<string, string | undefined> = process.env): { secret?: string } {
  if (env.AUTH_SECRET) return {};
  if (!warned) {
    warned = true;
    console.warn(
      "\n  ⚠️  AUTH_SECRET is not set: using an insecure development secret.\n" +
        "     Anyone who reads this can forge sessions. Set AUTH_SECRET (e.g. `openssl rand -base64 33`) before deploying.\n",
    );
  }
  return { secret: "safe-session-insecure-development-secret-do-not-deploy" };
}

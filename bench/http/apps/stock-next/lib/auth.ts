import { demoAuth, openDemoStore } from "@safe-session/demo-data";
import NextAuth from "next-auth";

// Same store and Auth.js config as examples/next; `next build` workers get a throwaway store.
const store = openDemoStore(process.env.NEXT_PHASE === "phase-production-build" ? ":memory:" : undefined);
const { config } = demoAuth({ basePath: "/api/auth", store });

export const { handlers } = NextAuth({
  ...config,
  callbacks: {
    // The recipe: on `trigger: "update"` copy what the client posted into the token, unchecked.
    async jwt(params) {
      const token = await config.callbacks.jwt(params);
      const posted = params.session as { selectedCompanyId?: unknown } | undefined;
      if (params.trigger === "update" && posted?.selectedCompanyId !== undefined) token.selectedCompanyId = posted.selectedCompanyId;
      return token;
    },
    session(params) {
      const session = config.callbacks.session(params) as typeof params.session & { selectedCompanyId?: unknown };
      if (params.token.selectedCompanyId !== undefined) session.selectedCompanyId = params.token.selectedCompanyId;
      return session;
    },
  },
});

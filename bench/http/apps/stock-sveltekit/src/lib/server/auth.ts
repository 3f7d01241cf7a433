import { building } from "$app/environment";
import { SvelteKitAuth } from "@auth/sveltekit";
import { demoAuth, openDemoStore } from "@safe-session/demo-data";

// Same store and Auth.js config as examples/sveltekit; `vite build` gets a throwaway store.
const { config } = demoAuth({ basePath: "/auth", ...(building ? { store: openDemoStore(":memory:") } : {}) });

export const { handle } = SvelteKitAuth({
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

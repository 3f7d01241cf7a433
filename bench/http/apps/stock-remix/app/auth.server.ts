import { type AuthConfig, setEnvDefaults } from "@auth/core";
import { demoAuth } from "@safe-session/demo-data";

// Same store and Auth.js config as examples/remix.
const { config: demo } = demoAuth({ basePath: "/auth" });

export const config: AuthConfig = {
  ...demo,
  callbacks: {
    // The recipe: on `trigger: "update"` copy what the client posted into the token, unchecked.
    async jwt(params) {
      const token = await demo.callbacks.jwt(params);
      const posted = params.session as { selectedCompanyId?: unknown } | undefined;
      if (params.trigger === "update" && posted?.selectedCompanyId !== undefined) token.selectedCompanyId = posted.selectedCompanyId;
      return token;
    },
    session(params) {
      const session = demo.callbacks.session(params) as typeof params.session & { selectedCompanyId?: unknown };
      if (params.token.selectedCompanyId !== undefined) session.selectedCompanyId = params.token.selectedCompanyId;
      return session;
    },
  },
};
// What every framework binding does for the app: AUTH_SECRET, AUTH_URL, … from the environment.
setEnvDefaults(process.env, config);

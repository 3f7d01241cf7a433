import { CONTRACT_COMPANIES, CONTRACT_USERS, httpHarness, runConformance } from "@safe-session/conformance";
import { BASE_PATH, RATE_LIMIT_MAX, SECRETS, type StartedRouterApp, startRouterApp } from "./app.js";

// The whole contract over real HTTP against the React Router 8 production build on this Node.
let app: StartedRouterApp | undefined;
runConformance({
  name: `react-router 8 (http, node ${process.versions.node})`,
  async setup() {
    app = await startRouterApp();
    const { store } = app;
    return httpHarness({
      origin: app.origin,
      basePath: BASE_PATH,
      secrets: SECRETS,
      users: CONTRACT_USERS,
      companies: CONTRACT_COMPANIES,
      nameField: true,
      signInForm: { path: "/?index" },
      revalidateSeconds: 0,
      rateLimitMax: RATE_LIMIT_MAX,
      revokeMembership: (userId, companyId) => store.revoke(userId, companyId),
      grantMembership: (userId, companyId) => store.grant(userId, companyId),
      fuzzRuns: 300,
    });
  },
  teardown: () => app?.stop(),
});

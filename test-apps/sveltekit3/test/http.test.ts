import { CONTRACT_COMPANIES, CONTRACT_USERS, httpHarness, runConformance } from "@safe-session/conformance";
import { BASE_PATH, RATE_LIMIT_MAX, SECRETS, type StartedKitApp, startKitApp } from "./app.js";

// The whole contract over real HTTP against the SvelteKit 3 production build on this Node.
let app: StartedKitApp | undefined;
runConformance({
  name: `sveltekit 3 (http, node ${process.versions.node})`,
  async setup() {
    app = await startKitApp();
    const { store } = app;
    return httpHarness({
      origin: app.origin,
      basePath: BASE_PATH,
      secrets: SECRETS,
      users: CONTRACT_USERS,
      companies: CONTRACT_COMPANIES,
      nameField: true,
      signInForm: { path: "/?/signIn", fields: { redirectTo: "/dashboard" } },
      revalidateSeconds: 0,
      rateLimitMax: RATE_LIMIT_MAX,
      revokeMembership: (userId, companyId) => store.revoke(userId, companyId),
      grantMembership: (userId, companyId) => store.grant(userId, companyId),
      // Each case is a real round trip; the in-process runs cover the full 2000.
      fuzzRuns: 300,
    });
  },
  teardown: () => app?.stop(),
});

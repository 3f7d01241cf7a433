import { CONTRACT_COMPANIES, CONTRACT_USERS, httpHarness, runConformance } from "@safe-session/conformance";
import { type DemoStore, openDemoStore } from "@safe-session/demo-data";
import { RATE_LIMIT_MAX, SECRETS, startExample } from "./app.js";

// The same app under `remix vite:dev`: Node's native fetch, route modules compiled on demand.
let app: Awaited<ReturnType<typeof startExample>> | undefined;
let store: DemoStore | undefined;

runConformance({
  name: "remix (vite dev)",
  async setup() {
    app = await startExample({ dev: true });
    const demo = openDemoStore(app.demoDb);
    store = demo;
    return httpHarness({
      origin: app.origin,
      basePath: "/auth",
      secrets: SECRETS,
      users: CONTRACT_USERS,
      companies: CONTRACT_COMPANIES,
      revalidateSeconds: 0,
      rateLimitMax: RATE_LIMIT_MAX,
      revokeMembership: (userId, companyId) => demo.revoke(userId, companyId),
      grantMembership: (userId, companyId) => demo.grant(userId, companyId),
      fuzzRuns: 100,
    });
  },
  async teardown() {
    store?.close();
    await app?.stop();
  },
});

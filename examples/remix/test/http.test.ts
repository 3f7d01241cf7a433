import { CONTRACT_COMPANIES, CONTRACT_USERS, httpHarness, runConformance } from "@safe-session/conformance";
import { type DemoStore, openDemoStore } from "@safe-session/demo-data";
import { RATE_LIMIT_MAX, SECRETS, startExample } from "./app.js";

let app: Awaited<ReturnType<typeof startExample>> | undefined;
let store: DemoStore | undefined;

runConformance({
  name: "remix (http)",
  async setup() {
    app = await startExample();
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
      // Each case is a real HTTP round trip; the in-process runs cover the full 2000.
      fuzzRuns: 300,
    });
  },
  async teardown() {
    store?.close();
    await app?.stop();
  },
});

import { CONTRACT_COMPANIES, CONTRACT_USERS, httpHarness, runConformance } from "@safe-session/conformance";
import { type DemoStore, openDemoStore } from "@safe-session/demo-data";
import { RATE_LIMIT_MAX, SECRETS, startExample } from "./app.js";

let app: Awaited<ReturnType<typeof startExample>> | undefined;
let store: DemoStore | undefined;

runConformance({
  name: "next (http)",
  async setup() {
    app = await startExample();
    const db = app.db;
    // The same SQLite file the app reads, so a revoked membership is seen on its next read.
    const demo = () => (store ??= openDemoStore(db));
    return httpHarness({
      origin: app.origin,
      basePath: "/api/auth",
      secrets: SECRETS,
      users: CONTRACT_USERS,
      companies: CONTRACT_COMPANIES,
      revalidateSeconds: 0,
      rateLimitMax: RATE_LIMIT_MAX,
      fuzzRuns: 300,
      revokeMembership: (user, company) => demo().revoke(user, company),
      grantMembership: (user, company) => demo().grant(user, company),
    });
  },
  async teardown() {
    store?.close();
    await app?.stop();
  },
});

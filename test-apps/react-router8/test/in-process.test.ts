import { CONTRACT_COMPANIES, CONTRACT_USERS, runConformance } from "@safe-session/conformance";
import { BASE_PATH, type InProcessApp, RATE_LIMIT_MAX, SECRETS, inProcessApp } from "./app.js";

// The contract in-process on React Router 8: the production server build behind React Router's
// own `createRequestHandler` answers each Request in this process, with no socket — its routing,
// single fetch, actions and loaders around the binding.
const ORIGIN = "http://localhost:5173";

let app: InProcessApp | undefined;
runConformance({
  name: `react-router 8 (in-process, node ${process.versions.node})`,
  async setup() {
    const opened = await inProcessApp();
    app = opened;
    return {
      fetch: opened.fetch,
      origin: ORIGIN,
      basePath: BASE_PATH,
      secrets: SECRETS,
      users: CONTRACT_USERS,
      companies: CONTRACT_COMPANIES,
      nameField: true,
      signInForm: { path: "/?index" },
      revalidateSeconds: 0,
      rateLimitMax: RATE_LIMIT_MAX,
      // `inProcessApp` hands each request a load context with the client's address, as server.js does.
      clientAddress: "connection",
      revokeMembership: (userId, companyId) => opened.store.revoke(userId, companyId),
      grantMembership: (userId, companyId) => opened.store.grant(userId, companyId),
    };
  },
  teardown() {
    app?.close();
  },
});

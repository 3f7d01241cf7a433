import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTRACT_COMPANIES, CONTRACT_USERS, runConformance } from "@safe-session/conformance";
import { type DemoStore, openDemoStore } from "@safe-session/demo-data";
import { type ServerBuild, createRequestHandler } from "react-router";
import { BASE_PATH, RATE_LIMIT_MAX, SECRETS, buildEntry } from "./app.js";

// The contract in-process on React Router 8: the production server build behind React Router's
// own `createRequestHandler` answers each Request in this process, with no socket — its routing,
// single fetch, actions and loaders around the binding.
const ORIGIN = "http://localhost:5173";

let dir: string | undefined;
let store: DemoStore | undefined;
runConformance({
  name: `react-router 8 (in-process, node ${process.versions.node})`,
  async setup() {
    dir = mkdtempSync(join(tmpdir(), "test-app-react-router8-"));
    const db = join(dir, "app.db");
    const opened = openDemoStore(db);
    store = opened;
    // The app reads its environment when its server module loads (this file has its own worker).
    Object.assign(process.env, {
      AUTH_SECRET_1: SECRETS[0],
      AUTH_SECRET: SECRETS[1],
      DEMO_DB: db,
      SAFE_SESSION_REVALIDATE_SECONDS: "0",
      SAFE_SESSION_RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
    });
    const build = (await import(buildEntry("server/index.js"))) as ServerBuild;
    const handler = createRequestHandler(build, "production");
    return {
      fetch: (request) => handler(request),
      origin: ORIGIN,
      basePath: BASE_PATH,
      secrets: SECRETS,
      users: CONTRACT_USERS,
      companies: CONTRACT_COMPANIES,
      nameField: true,
      signInForm: { path: "/?index" },
      revalidateSeconds: 0,
      rateLimitMax: RATE_LIMIT_MAX,
      revokeMembership: (userId, companyId) => opened.revoke(userId, companyId),
      grantMembership: (userId, companyId) => opened.grant(userId, companyId),
    };
  },
  teardown() {
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  },
});

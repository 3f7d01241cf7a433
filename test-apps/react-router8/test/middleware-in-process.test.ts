import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DemoStore, openDemoStore } from "@safe-session/demo-data";
import { type ServerBuild, createRequestHandler } from "react-router";
import { afterAll } from "vitest";
import { RATE_LIMIT_MAX, SECRETS, buildEntry } from "./app.js";
import { runMiddlewareScenarios } from "./middleware-scenarios.js";

// The middleware in-process: the production server build behind React Router 8's own
// `createRequestHandler`, its middleware pipeline, router context and single fetch.
let dir: string | undefined;
let store: DemoStore | undefined;
runMiddlewareScenarios(`react-router 8 (in-process, node ${process.versions.node})`, async () => {
  dir = mkdtempSync(join(tmpdir(), "test-app-react-router8-"));
  const db = join(dir, "app.db");
  store = openDemoStore(db);
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
  return { fetch: (request) => handler(request), origin: "http://localhost:5173", store };
});

afterAll(() => {
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

import { afterAll } from "vitest";
import { type InProcessApp, inProcessApp } from "./app.js";
import { runMiddlewareScenarios } from "./middleware-scenarios.js";

// The middleware in-process: the production server build behind React Router 8's own
// `createRequestHandler`, its middleware pipeline, router context and single fetch.
let app: InProcessApp | undefined;
runMiddlewareScenarios(`react-router 8 (in-process, node ${process.versions.node})`, async () => {
  app = await inProcessApp();
  return { fetch: app.fetch, origin: "http://localhost:5173", store: app.store };
});

afterAll(() => app?.close());

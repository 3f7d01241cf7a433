import { afterAll } from "vitest";
import { type StartedRouterApp, startRouterApp } from "./app.js";
import { runMiddlewareScenarios } from "./middleware-scenarios.js";

// The middleware over real HTTP: server.js (Express) with the production build on this Node.
let app: StartedRouterApp | undefined;
runMiddlewareScenarios(`react-router 8 (http, node ${process.versions.node})`, async () => {
  app = await startRouterApp();
  return { fetch: (request) => fetch(request), origin: app.origin, store: app.store };
});

afterAll(() => app?.stop());

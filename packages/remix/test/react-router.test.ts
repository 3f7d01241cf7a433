import { runConformance } from "@safe-session/conformance";
import { createTestAuth, harness, helperFlow, reactRouterApp } from "./app.js";

// Loaders and actions take a Web `Request`, so the same `loader`/`action` serve React Router 7's
// framework mode: here through its own `createRequestHandler`, with its route-args shape.
runConformance({
  name: "remix (react-router 7)",
  async setup() {
    // This target keeps the legacy GET off, so the suite checks that query parameters are ignored.
    const { auth, store } = createTestAuth({ legacy: false });
    return harness(await reactRouterApp(auth), store, {
      fuzzRuns: 300,
      legacyQueryKey: false,
      revokeUser: (userId) => auth.safe.revokeUser(userId),
    });
  },
});

helperFlow("remix (react-router 7)", () => reactRouterApp(createTestAuth().auth));

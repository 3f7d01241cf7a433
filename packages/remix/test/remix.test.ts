import { runConformance } from "@safe-session/conformance";
import { createTestAuth, harness, helperFlow, remixApp } from "./app.js";

// The binding's `loader`/`action` as Remix's splat resource route, served by Remix's own request
// handler on Node's native fetch (as under `remix vite:dev`, or `remix-serve` with v3_singleFetch).
runConformance({
  name: "remix",
  async setup() {
    const { auth, store } = createTestAuth();
    return harness(await remixApp(auth), store, { revokeUser: (userId) => auth.safe.revokeUser(userId) });
  },
});

helperFlow("remix", () => remixApp(createTestAuth().auth));

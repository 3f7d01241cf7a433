import { runBrowserFlow } from "@safe-session/conformance/browser";
import { startExample } from "./app.js";

// Its own instance and database: the conformance run's rate limit cannot leak in here.
let app: Awaited<ReturnType<typeof startExample>> | undefined;

runBrowserFlow({
  name: "next",
  async setup() {
    app = await startExample();
    return { origin: app.origin };
  },
  teardown: () => app?.stop(),
});

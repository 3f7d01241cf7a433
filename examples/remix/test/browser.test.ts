import { runBrowserFlow } from "@safe-session/conformance/browser";
import { startExample } from "./app.js";

// Its own server and SQLite file: the conformance run spends the rate limit of the same users.
let app: Awaited<ReturnType<typeof startExample>> | undefined;

runBrowserFlow({
  name: "remix",
  async setup() {
    app = await startExample();
    return { origin: app.origin };
  },
  async teardown() {
    await app?.stop();
  },
});

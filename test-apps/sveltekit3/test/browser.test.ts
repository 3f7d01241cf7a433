import { runBrowserFlow } from "@safe-session/conformance/browser";
import { type StartedKitApp, startKitApp } from "./app.js";

// The contract's browser flow in Chromium, JavaScript on and off, on its own instance.
let app: StartedKitApp | undefined;
runBrowserFlow({
  name: "sveltekit 3",
  async setup() {
    app = await startKitApp();
    return { origin: app.origin };
  },
  teardown: () => app?.stop(),
});

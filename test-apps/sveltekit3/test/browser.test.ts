import { runBrowserFlow } from "@safe-session/conformance/browser";
import { type StartedKitApp, startKitApp } from "./app.js";

// The contract's browser flow in Chromium, JavaScript on and off, on its own instance.
let app: StartedKitApp | undefined;
runBrowserFlow({
  name: "sveltekit 3",
  noCompanyPages:
    "this test app has the examples' pages from before /companies/<id> (issue #29); its url-field scenarios skip the same way",
  async setup() {
    app = await startKitApp();
    return { origin: app.origin };
  },
  teardown: () => app?.stop(),
});

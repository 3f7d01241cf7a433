import { runBrowserFlow } from "@safe-session/conformance/browser";
import { type StartedRouterApp, startRouterApp } from "./app.js";

// The contract's browser flow in Chromium, JavaScript on and off, on its own instance.
let app: StartedRouterApp | undefined;
runBrowserFlow({
  name: "react-router 8",
  noCompanyPages:
    "this test app has the examples' pages from before /companies/<id> (issue #29); its url-field scenarios skip the same way",
  async setup() {
    app = await startRouterApp();
    return { origin: app.origin };
  },
  teardown: () => app?.stop(),
});

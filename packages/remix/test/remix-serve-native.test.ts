import { installGlobals } from "@remix-run/node";
import { runConformance } from "@safe-session/conformance";
import { createTestAuth, harness, helperFlow, remixApp } from "./app.js";

// `remix-serve` with `future.v3_singleFetch` calls `installGlobals({ nativeFetch: true })`: the
// fetch classes of the `undici` package replace Node's own. So does this file, for its own process.
installGlobals({ nativeFetch: true });
const singleFetch = { v3_singleFetch: true };

helperFlow("remix (remix-serve native fetch)", () => remixApp(createTestAuth().auth, singleFetch));

runConformance({
  name: "remix (remix-serve native fetch)",
  async setup() {
    const { auth, store } = createTestAuth();
    return harness(await remixApp(auth, singleFetch), store, { fuzzRuns: 300 });
  },
});

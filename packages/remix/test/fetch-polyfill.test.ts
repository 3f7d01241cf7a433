import { installGlobals } from "@remix-run/node";
import { runConformance } from "@safe-session/conformance";
import type { HeadersLike } from "../src/index.js";
import { type App, createTestAuth, harness, helperFlow, remixApp } from "./app.js";

// `remix-serve` without `future.v3_singleFetch` replaces the fetch globals with @remix-run/web-fetch
// (no `Headers#getSetCookie()`, no static `Response.json()`); so does this file, for its own process.
// What the app answers is handed to the suite as a native Response, as an HTTP hop would do.
const NativeResponse = Response;
const NativeHeaders = Headers;
installGlobals();

function overTheWire(app: App): App {
  return async (request) => {
    const response = await app(request);
    const polyfilled: HeadersLike = response.headers;
    if (polyfilled.getSetCookie) throw new Error("expected the Headers of the fetch polyfill");
    const headers = new NativeHeaders();
    polyfilled.forEach((value, name) => {
      headers.append(name, value);
    });
    const body = [101, 204, 205, 304].includes(response.status) ? null : await response.arrayBuffer();
    return new NativeResponse(body, { status: response.status, statusText: response.statusText, headers });
  };
}

// First in the file, so no earlier call has patched the polyfill's Response yet.
helperFlow("remix (fetch polyfill)", async () => overTheWire(await remixApp(createTestAuth().auth)));

runConformance({
  name: "remix (fetch polyfill)",
  async setup() {
    const { auth, store } = createTestAuth();
    return harness(overTheWire(await remixApp(auth)), store, { fuzzRuns: 300 });
  },
});

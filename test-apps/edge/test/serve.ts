import { EdgeRuntime } from "edge-runtime";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll } from "vitest";
import { bundle } from "./build.js";
import type { Dispatch } from "./flow.js";

// The app (`app.ts`) served on each runtime the tests cover, set up and torn down once for every
// test file: call one of these in a `describe`, and its tests send requests through what it returns.

/** The workerd variants, as `describe.each` rows: its compatibility flags, and whether it offers node:crypto. */
export const WORKERD = [
  { name: "workerd with nodejs_compat", flags: ["nodejs_compat"], nodeCrypto: true },
  { name: "workerd without nodejs_compat", flags: [], nodeCrypto: false },
];

/** The app bundled for workerd, served by miniflare with `flags` from before the describe's tests to after them. */
export function serveOnWorkerd(flags: string[]): Dispatch {
  let mf: Miniflare;
  beforeAll(async () => {
    mf = new Miniflare({
      modules: true,
      script: await bundle("workerd"),
      compatibilityDate: "2026-07-01",
      compatibilityFlags: flags,
    });
    await mf.ready;
  }, 60_000);
  afterAll(() => mf?.dispose());
  return (url, init) => mf.dispatchFetch(url, init as never) as unknown as Promise<Response>;
}

/** The app bundled for the Vercel Edge runtime (a script exposing `edgeApp`), evaluated by edge-runtime. */
export function serveOnEdgeRuntime(): Dispatch {
  let runtime: EdgeRuntime;
  beforeAll(async () => {
    const code = await bundle("edge-light");
    runtime = new EdgeRuntime({
      initialCode: `${code}\naddEventListener("fetch", (event) => event.respondWith(edgeApp.handle(event.request)));`,
    });
  }, 60_000);
  // Nothing to tear down: the runtime is a VM context, gone with its last reference.
  return async (url, init) => {
    const response = await runtime.dispatchFetch(url, init);
    await response.waitUntil();
    return response as unknown as Response;
  };
}

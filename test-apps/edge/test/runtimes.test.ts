import { EdgeRuntime } from "edge-runtime";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle } from "./build.js";
import { signInReadUpdate } from "./flow.js";

// The built package (`dist`, as published) bundled with esbuild's worker conditions, served by
// workerd (miniflare) with and without `nodejs_compat`, and by the Vercel Edge runtime: sign-in,
// session read and update work on each, and each refuses what stock refuses. CI builds `dist`
// before it runs `test:app` here; alone, run `pnpm --filter @safe-session/core run build` first.

describe.each([
  { name: "workerd with nodejs_compat", flags: ["nodejs_compat"], nodeCrypto: true },
  { name: "workerd without nodejs_compat", flags: [], nodeCrypto: false },
])("$name", ({ flags, nodeCrypto }) => {
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

  it("offers node:crypto exactly with the flag, and its Cipheriv refuses a string (the native codec's self-test fails)", async () => {
    const probe = await (await mf.dispatchFetch("http://localhost/probe")).json();
    expect(probe).toEqual({ nodeCrypto, cipherTakesString: false });
  });

  it("signs in, reads and updates the session", async () => {
    // miniflare hands the worker its own loopback address as `Host`: the forwarded host is the
    // address the browser saw, as a proxy in front of a Worker would send it (trustHost: true).
    await signInReadUpdate((url, init) => {
      const headers = new Headers(init?.headers);
      headers.set("x-forwarded-host", new URL(url).host);
      headers.set("x-forwarded-proto", "http");
      return mf.dispatchFetch(url, { ...init, headers } as never) as unknown as Promise<Response>;
    });
  }, 30_000);
});

describe("Vercel Edge runtime (edge-runtime)", () => {
  let runtime: EdgeRuntime;
  beforeAll(async () => {
    const code = await bundle("edge-light");
    runtime = new EdgeRuntime({
      initialCode: `${code}\naddEventListener("fetch", (event) => event.respondWith(edgeApp.handle(event.request)));`,
    });
  }, 60_000);

  it("has no node:crypto", async () => {
    const response = await runtime.dispatchFetch("http://localhost/probe");
    expect(await response.json()).toEqual({ nodeCrypto: false, cipherTakesString: false });
  });

  it("signs in, reads and updates the session", async () => {
    await signInReadUpdate(async (url, init) => {
      const response = await runtime.dispatchFetch(url, init);
      await response.waitUntil();
      return response as unknown as Response;
    });
  }, 30_000);
});

import { describe, expect, test } from "vitest";
import { signInReadUpdate } from "./flow.js";
import { WORKERD, serveOnEdgeRuntime, serveOnWorkerd } from "./serve.js";

// The built package (`dist`, as published) bundled with esbuild's worker conditions, served by
// workerd (miniflare) with and without `nodejs_compat`, and by the Vercel Edge runtime: sign-in,
// session read and update work on each, and each refuses what stock refuses. `pnpm test` builds
// `dist` before it runs every vitest project; alone, run `pnpm --filter @safe-session/core run build` first.

describe.each(WORKERD)("$name", ({ flags, nodeCrypto }) => {
  const dispatch = serveOnWorkerd(flags);

  test("offers node:crypto exactly with the flag, and its Cipheriv refuses a string (the native codec's self-test fails)", async () => {
    const probe = await (await dispatch("http://localhost/probe")).json();
    expect(probe).toEqual({ nodeCrypto, cipherTakesString: false });
  });

  test("signs in, reads and updates the session", async () => {
    // miniflare hands the worker its own loopback address as `Host`: the forwarded host is the
    // address the browser saw, as a proxy in front of a Worker would send it (trustHost: true).
    await signInReadUpdate((url, init) => {
      const headers = new Headers(init?.headers);
      headers.set("x-forwarded-host", new URL(url).host);
      headers.set("x-forwarded-proto", "http");
      return dispatch(url, { ...init, headers });
    });
  }, 30_000);
});

describe("Vercel Edge runtime (edge-runtime)", () => {
  const dispatch = serveOnEdgeRuntime();

  test("has no node:crypto", async () => {
    const response = await dispatch("http://localhost/probe");
    expect(await response.json()).toEqual({ nodeCrypto: false, cipherTakesString: false });
  });

  test("signs in, reads and updates the session", async () => {
    await signInReadUpdate(dispatch);
  }, 30_000);
});

import { vitePlugin as remix } from "@remix-run/dev";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [
    remix({
      // v3_singleFetch stays off on purpose: `remix-serve` then runs the app on its fetch polyfill
      // (Headers without getSetCookie()), the harder of the two setups @safe-session/remix supports.
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  // `remix vite:dev` reads PORT like `remix-serve` does (the tests start it on a free port).
  server: process.env.PORT ? { port: Number(process.env.PORT), strictPort: true } : {},
  resolve: { alias: { "~": fileURLToPath(new URL("app", import.meta.url)) } },
  // Loaded by Node from the built packages (as an app would from npm), not bundled: the demo
  // store's native SQLite module resolves from its own package.
  ssr: { external: ["@safe-session/core", "@safe-session/remix", "@safe-session/demo-data"] },
});

import { vitePlugin as remix } from "@remix-run/dev";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [
    remix({
      // examples/remix's flags plus v3_singleFetch: without it remix-serve installs its fetch
      // polyfill, whose Response has no static json(), and plain Auth() answers 500 on every route.
      future: {
        v3_singleFetch: true,
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  resolve: { alias: { "~": fileURLToPath(new URL("app", import.meta.url)) } },
  ssr: { external: ["@safe-session/demo-data"] },
});

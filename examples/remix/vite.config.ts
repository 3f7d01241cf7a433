import { vitePlugin as remix } from "@remix-run/dev";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [
    remix({
      // v3_singleFetch stays off: a <Form> post with JavaScript is Remix 2's `?_data=` request, as
      // the tests post it. (server.js installs no fetch polyfill either way: Node's own fetch.)
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  // `remix vite:dev` on PORT (default 3000) like `npm start`: auth.server.ts builds AUTH_URL from it.
  server: { port: Number(process.env.PORT ?? 3000), strictPort: true },
  // auth.server.ts awaits its database setup at the top level (Node 20 and every current browser run it).
  build: { target: "es2022" },
  resolve: { alias: { "~": fileURLToPath(new URL("app", import.meta.url)) } },
  // Loaded by Node as installed packages, not bundled into the server build (in this repository
  // they are linked workspace folders, which Vite would otherwise compile as the app's own source).
  ssr: { external: ["@safe-session/core", "@safe-session/remix", "@safe-session/kysely"] },
});

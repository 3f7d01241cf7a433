import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [sveltekit()],
  // The demo store loads better-sqlite3, a native module: it stays a plain Node import (from the
  // demo package's own node_modules) in the SSR build, and adapter-node keeps `dependencies` external.
  ssr: { external: ["@safe-session/demo-data"] },
});

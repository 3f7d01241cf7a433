import { fileURLToPath } from "node:url";
import type { ExampleApp } from "@safe-session/demo-data/testing";

const cwd = fileURLToPath(new URL("..", import.meta.url));

/**
 * The production build as `pnpm start` serves it (`remix-serve ./build/server/index.js`, on PORT;
 * without v3_singleFetch it runs the app on Remix's fetch polyfill).
 */
export const REMIX_APP: ExampleApp = {
  cwd,
  basePath: "/auth",
  command: process.execPath,
  args: ["node_modules/@remix-run/serve/dist/cli.js", "./build/server/index.js"],
  buildOutput: "build/server/index.js",
};

/** The same app under `remix vite:dev`: Node's native fetch, route modules compiled on demand. */
export const REMIX_DEV: ExampleApp = {
  cwd,
  basePath: "/auth",
  command: process.execPath,
  args: ["node_modules/@remix-run/dev/dist/cli.js", "vite:dev"],
  env: { NODE_ENV: "development" },
};

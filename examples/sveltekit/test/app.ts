import { fileURLToPath } from "node:url";
import type { ExampleApp } from "@safe-session/demo-data/testing";

const cwd = fileURLToPath(new URL("..", import.meta.url));

/**
 * The production build as `pnpm start` serves it (`node start.js`: `build/` on PORT, with ORIGIN
 * set to the plain-http origin when none is given).
 */
export const SVELTEKIT_APP: ExampleApp = {
  cwd,
  basePath: "/auth",
  command: process.execPath,
  args: ["start.js"],
  buildOutput: "build/index.js",
  env: { ORIGIN: undefined },
};

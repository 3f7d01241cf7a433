import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ExampleApp } from "@safe-session/demo-data/testing";

const cwd = fileURLToPath(new URL("..", import.meta.url));

/** The production build, as `pnpm start` serves it (`next start`, on PORT). */
export const NEXT_APP: ExampleApp = {
  cwd,
  basePath: "/api/auth",
  command: join(cwd, "node_modules", ".bin", "next"),
  args: ["start"],
  buildOutput: ".next/BUILD_ID",
};

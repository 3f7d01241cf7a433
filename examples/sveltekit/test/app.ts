import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type StartedApp, startApp } from "@safe-session/conformance/server";

export const EXAMPLE_DIR = fileURLToPath(new URL("..", import.meta.url));
/** Rotation: AUTH_SECRET_1 seals new tokens, AUTH_SECRET still opens the older ones. */
/** Room for the suite's own updates in one window; the rate-limit scenario then spends it. */
export const RATE_LIMIT_MAX = 600;
export const SECRETS = ["sveltekit-example-secret-current", "sveltekit-example-secret-previous"];

/**
 * Starts the production build the way `pnpm start` does (`node start.js`, which serves
 * `build/` on PORT with ORIGIN set to the http origin), on its own SQLite file.
 */
export async function startExample(): Promise<StartedApp & { demoDb: string }> {
  if (!existsSync(join(EXAMPLE_DIR, "build/index.js"))) {
    throw new Error("examples/sveltekit has no production build: run `pnpm --filter ./examples/sveltekit build` first");
  }
  const dir = mkdtempSync(join(tmpdir(), "safe-session-sveltekit-"));
  const demoDb = join(dir, "demo.db");
  const app = await startApp({
    cwd: EXAMPLE_DIR,
    command: process.execPath,
    args: ["start.js"],
    env: {
      DEMO_DB: demoDb,
      AUTH_SECRET: SECRETS[1],
      AUTH_SECRET_1: SECRETS[0],
      SAFE_SESSION_REVALIDATE_SECONDS: "0",
      SAFE_SESSION_RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
      ORIGIN: undefined,
      AUTH_URL: undefined,
    },
  });
  return {
    ...app,
    demoDb,
    async stop() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type StartedApp, startApp } from "@safe-session/conformance/server";

/** Current first. Auth.js puts `AUTH_SECRET_1` before `AUTH_SECRET`, so the rotation scenario runs too. */
export const SECRETS = ["example-next-test-secret-current-0123456789", "example-next-test-secret-previous-012345678"];
/** Room for the suite's own updates in one window; the rate-limit scenario then spends it. */
export const RATE_LIMIT_MAX = 600;
const cwd = fileURLToPath(new URL("..", import.meta.url));

/** Starts the production build (`next start`) with its own demo database. */
export async function startExample(): Promise<StartedApp & { db: string }> {
  if (!existsSync(join(cwd, ".next", "BUILD_ID"))) {
    throw new Error("examples/next has no production build: run `pnpm --filter ./examples/next build` first");
  }
  const dir = mkdtempSync(join(tmpdir(), "example-next-"));
  const db = join(dir, "demo.db");
  const app = await startApp({
    cwd,
    command: join(cwd, "node_modules", ".bin", "next"),
    args: ["start"],
    env: { AUTH_SECRET_1: SECRETS[0], AUTH_SECRET: SECRETS[1], DEMO_DB: db, SAFE_SESSION_REVALIDATE_SECONDS: "0", SAFE_SESSION_RATE_LIMIT_MAX: String(RATE_LIMIT_MAX) },
  });
  return {
    ...app,
    db,
    async stop() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

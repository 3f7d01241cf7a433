/**
 * `npm create safe-session@latest <dir> -- --framework <name>` as a user runs it, against this
 * run's registry (the global setup publishes `create-safe-session` with the other public packages:
 * changeset publish takes every public package of the workspace), then what the
 * examples go through: npm install, build, start, the conformance command with the app's own
 * config, and the browser flow in Chromium.
 *
 * Assumed of the starter: it writes the framework's example app into <dir>, with its
 * safe-session.conformance.mjs, `npm start` honouring PORT and AUTH_SECRET, and Auth.js under the
 * example's base path (packages/create-safe-session's own tests compare it with the example).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runBrowserFlow } from "@safe-session/conformance/browser";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { type RunningApp, conformance, installAndBuild, npmStart, sh, userEnv } from "./app";
import { timed } from "./timings";

const FRAMEWORKS = [
  { name: "next", basePath: "/api/auth" },
  { name: "sveltekit", basePath: "/auth" },
  { name: "remix", basePath: "/auth" },
];
/** The suite spends ~150 + fuzzRuns of the member's update attempts in a minute: room for it, no waiting. */
const APP_ENV = { SAFE_SESSION_RATE_LIMIT_MAX: "600", SAFE_SESSION_REVALIDATE_SECONDS: "0" };

const label = (framework: string) => `npm create safe-session -- --framework ${framework}`;

for (const framework of FRAMEWORKS) {
  const name = label(framework.name);
  describe(`registry: ${name}`, () => {
    let folder: string | undefined;
    let dir: string | undefined;
    beforeAll(async () => {
      folder = mkdtempSync(join(tmpdir(), `safe-session-create-${framework.name}-`));
      // @latest is what the registry of this run has: the version the global setup published.
      // npm_config_yes answers npm's "Ok to proceed?" as the user does at the prompt.
      const args = ["create", "safe-session@latest", "app", "--", "--framework", framework.name];
      await timed(inject("timings"), `${name}: npm ${args.join(" ")}`, () =>
        sh(folder as string, "npm", args, { ...userEnv(), npm_config_yes: "true" }),
      );
      dir = join(folder, "app");
      await installAndBuild(name, dir);
    });
    afterAll(() => {
      if (folder) rmSync(folder, { recursive: true, force: true });
    });
    const ready = () => {
      if (!dir) throw new Error(`${name} made no app`);
      return dir;
    };

    test("npm start, then npx safe-session-conformance --config safe-session.conformance.mjs passes", async () => {
      const app = await npmStart(name, ready(), `${framework.basePath}/csrf`, APP_ENV);
      try {
        expect(await conformance(name, ready(), "safe-session.conformance.mjs", app)).toMatch(/ 0 failed/);
      } finally {
        await app.stop();
      }
    });

    let browserApp: RunningApp | undefined;
    runBrowserFlow({
      name,
      async setup() {
        browserApp = await npmStart(`${name} (browser)`, ready(), `${framework.basePath}/csrf`, APP_ENV);
        return { origin: browserApp.origin };
      },
      teardown: () => browserApp?.stop(),
    });
  });
}

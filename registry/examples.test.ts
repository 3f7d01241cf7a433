/**
 * Each example as a user gets it: its folder copied out of the repository as it stands (tests and
 * all; nothing an install, a build or a run produced), `npm install` from this run's registry,
 * `npm run build`, `npm start`, then the conformance command with the example's own config and
 * the browser flow in Chromium, each against its own instance.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { runBrowserFlow } from "@safe-session/conformance/browser";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type RunningApp, conformance, installAndBuild, npmStart } from "./app";

const ROOT = join(import.meta.dirname, "..");

/** Every example; each answers Auth.js under its base path. */
const EXAMPLES = [
  { name: "next", basePath: "/api/auth" },
  { name: "sveltekit", basePath: "/auth" },
  { name: "remix", basePath: "/auth" },
];

/**
 * What a clone of the folder does not hold: what an install, a build or a run produced (the
 * examples' .gitignore files). Not `git ls-files`: the Node 24 run copies the tree without .git.
 */
const PRODUCED = new Set(["node_modules", ".next", ".svelte-kit", "build", ".data", ".cache", "next-env.d.ts"]);

/** The suite spends ~150 + fuzzRuns of the member's update attempts in a minute: room for it, no waiting. */
const APP_ENV = { SAFE_SESSION_RATE_LIMIT_MAX: "600", SAFE_SESSION_REVALIDATE_SECONDS: "0" };

function copyExample(name: string, to: string): void {
  const folder = join(ROOT, "examples", name);
  cpSync(folder, to, {
    recursive: true,
    filter: (source) => {
      const parts = relative(folder, source).split(sep);
      return !parts.some((part) => PRODUCED.has(part)) && !source.endsWith(".tsbuildinfo");
    },
  });
  // The folder must install as it is written: a workspace-only range would fail `npm install` anyway,
  // but here with a message that names the fix.
  const manifest = readFileSync(join(to, "package.json"), "utf8");
  const workspace = manifest.match(/"[^"]+": "workspace:[^"]*"/g);
  if (workspace)
    throw new Error(
      `examples/${name}/package.json still has workspace ranges npm cannot install: ${workspace.join(", ")}`,
    );
}

for (const example of EXAMPLES) {
  describe(`registry: examples/${example.name}`, () => {
    const label = `examples/${example.name}`;
    let dir: string | undefined;

    beforeAll(async () => {
      dir = join(mkdtempSync(join(tmpdir(), `safe-session-example-${example.name}-`)), example.name);
      copyExample(example.name, dir);
      await installAndBuild(label, dir);
    });
    afterAll(() => {
      if (dir) rmSync(dirname(dir), { recursive: true, force: true });
    });
    const ready = () => {
      if (!dir) throw new Error(`${label} was not copied`);
      return dir;
    };

    test("npm start, then npx safe-session-conformance --config safe-session.conformance.mjs passes", async () => {
      const app = await npmStart(label, ready(), `${example.basePath}/csrf`, APP_ENV);
      try {
        const summary = await conformance(label, ready(), "safe-session.conformance.mjs", app);
        expect(summary).toMatch(/ 0 failed/);
      } finally {
        await app.stop();
      }
    });

    let browserApp: RunningApp | undefined;
    runBrowserFlow({
      name: label,
      async setup() {
        browserApp = await npmStart(`${label} (browser)`, ready(), `${example.basePath}/csrf`, APP_ENV);
        return { origin: browserApp.origin };
      },
      teardown: () => browserApp?.stop(),
    });
  });
}

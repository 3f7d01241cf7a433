/**
 * What a user does with an example: copy its folder out of the repository, point its
 * `@safe-session/*` dependencies at the packed packages (as if published), `npm install`,
 * `npm run build`, `npm start`; then the conformance suite over HTTP and the browser flow
 * against it. The same for every example; what each costs is printed at the end.
 */
import { execFile, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { promisify } from "node:util";
import { CONTRACT_COMPANIES, CONTRACT_USERS, httpHarness, runConformance } from "@safe-session/conformance";
import { runBrowserFlow } from "@safe-session/conformance/browser";
import { type StartedApp, startApp } from "@safe-session/conformance/server";
import { afterAll, beforeAll, describe, inject } from "vitest";

const ROOT = join(import.meta.dirname, "..");

/** Every example; each is started with `npm start` and answers Auth.js under its base path. */
const EXAMPLES = [
  { name: "next", basePath: "/api/auth" },
  { name: "sveltekit", basePath: "/auth" },
  { name: "remix", basePath: "/auth" },
];

/**
 * What a copy leaves behind: the repository's own tests of the example, and what an install, a
 * build or a run produced (the example's .gitignore). Not `git ls-files`: the Node 24 run copies
 * the tree without its .git.
 */
const LEFT_OUT = new Set(["test", "vitest.config.ts", "node_modules", ".next", ".svelte-kit", "build", ".data", ".cache", "next-env.d.ts"]);

/** Current first: Auth.js seals with AUTH_SECRET_1 and still opens tokens of AUTH_SECRET (rotation). */
const SECRETS = ["copy-out-test-secret-current-0123456789", "copy-out-test-secret-previous-012345678"];
/** The suite spends ~150 + fuzzRuns of the member's update attempts in a minute. */
const RATE_LIMIT_MAX = 600;

/**
 * The environment of a user's shell: none of the variables pnpm and vitest add (npm would read
 * `npm_config_*`; frameworks change behaviour under NODE_ENV=test). Native modules build against
 * this Node's own headers when it ships them, as scripts/setup.mjs does for the workspace.
 */
function userEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|PNPM_|VITEST|TEST$|NODE_ENV$|NODE_OPTIONS$)/.test(key)) env[key] = value;
  }
  const prefix = dirname(dirname(process.execPath));
  if (existsSync(join(prefix, "include", "node", "node.h"))) env.npm_config_nodedir = prefix;
  return env;
}

function copyExample(name: string, to: string): void {
  const folder = join(ROOT, "examples", name);
  cpSync(folder, to, {
    recursive: true,
    filter: (source) => {
      const path = relative(folder, source);
      return !LEFT_OUT.has(path.split(sep)[0] as string) && !path.endsWith(".tsbuildinfo") && !path.split(sep).includes("node_modules");
    },
  });
}

/** `workspace:` versions become the tarballs; `overrides` send the packages' own dependencies on each other there too. */
function pointAtTarballs(dir: string, tarballs: Record<string, string>): void {
  const file = join(dir, "package.json");
  const manifest = JSON.parse(readFileSync(file, "utf8"));
  const spec = (name: string) => {
    const tarball = tarballs[name];
    if (!tarball) throw new Error(`${name} is not a packed public package`);
    return `file:${tarball}`;
  };
  for (const field of ["dependencies", "devDependencies"]) {
    for (const name of Object.keys(manifest[field] ?? {})) {
      if (name.startsWith("@safe-session/")) manifest[field][name] = spec(name);
    }
  }
  manifest.overrides = Object.fromEntries(Object.keys(tarballs).map((name) => [name, spec(name)]));
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

async function timed(run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return Math.round((performance.now() - start) / 100) / 10;
}

interface Copy {
  dir: string;
  summary: string;
}

/** Copies, installs and builds an example; what it cost, in seconds, packages and megabytes. */
async function prepare(name: string, dir: string, tarballs: Record<string, string>): Promise<Copy> {
  copyExample(name, dir);
  pointAtTarballs(dir, tarballs);
  const env = userEnv();
  // Asynchronous: the worker keeps answering vitest for the minutes an install and a build take.
  const run = async (args: string[]) => {
    try {
      await promisify(execFile)("npm", args, { cwd: dir, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
      throw new Error(`npm ${args.join(" ")} failed in ${dir}:\n${stdout}\n${stderr}`);
    }
  };
  const install = await timed(() => run(["install", "--no-audit", "--no-fund"]));
  const build = await timed(() => run(["run", "build"]));
  const packages = (JSON.parse(execFileSync("npm", ["query", "*"], { cwd: dir, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })) as unknown[]).length;
  const megabytes = Math.round(Number(execFileSync("du", ["-sk", "node_modules"], { cwd: dir, encoding: "utf8" }).split("\t")[0]) / 1024);
  return { dir, summary: `npm install ${install} s (${packages} packages, ${megabytes} MB in node_modules), npm run build ${build} s` };
}

async function start(copy: Copy, basePath: string): Promise<StartedApp & { db: string }> {
  const db = join(mkdtempSync(join(tmpdir(), "safe-session-copy-db-")), "app.db");
  const started = await startApp({
    cwd: copy.dir,
    command: "npm",
    args: ["start"],
    readyPath: `${basePath}/csrf`,
    env: {
      ...userEnv(),
      AUTH_SECRET_1: SECRETS[0],
      AUTH_SECRET: SECRETS[1],
      DEMO_DB: db,
      SAFE_SESSION_REVALIDATE_SECONDS: "0",
      SAFE_SESSION_RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
    },
  });
  return {
    ...started,
    db,
    async stop() {
      await started.stop();
      rmSync(dirname(db), { recursive: true, force: true });
    },
  };
}

for (const example of EXAMPLES) {
  describe(`copy-out ${example.name}`, () => {
    let dir: string | undefined;
    let copy: Copy | undefined;
    const ready = () => {
      if (!copy) throw new Error(`the copy of ${example.name} was not prepared`);
      return copy;
    };

    beforeAll(async () => {
      dir = join(mkdtempSync(join(tmpdir(), `safe-session-copy-${example.name}-`)), example.name);
      copy = await prepare(example.name, dir, inject("tarballs"));
    });
    afterAll(() => {
      if (copy) console.log(`copy-out ${example.name}: ${copy.summary}`);
      if (dir) rmSync(dirname(dir), { recursive: true, force: true });
    });

    let app: (StartedApp & { db: string }) | undefined;
    let close: (() => void) | undefined;
    runConformance({
      name: `${example.name} (copied out)`,
      async setup() {
        app = await start(ready(), example.basePath);
        // The copy's own better-sqlite3 (the repository's tests have none of their own): the
        // memberships the scenarios revoke and grant are rows of the example's `memberships` table.
        const Database = createRequire(join(ready().dir, "package.json"))("better-sqlite3");
        const db = new Database(app.db, { timeout: 5000 });
        close = () => db.close();
        return httpHarness({
          origin: app.origin,
          basePath: example.basePath,
          secrets: SECRETS,
          users: CONTRACT_USERS,
          companies: CONTRACT_COMPANIES,
          nameField: true,
          revalidateSeconds: 0,
          rateLimitMax: RATE_LIMIT_MAX,
          revokeMembership: (userId, companyId) => void db.prepare("DELETE FROM memberships WHERE user_id = ? AND company_id = ?").run(userId, companyId),
          grantMembership: (userId, companyId) => void db.prepare("INSERT OR IGNORE INTO memberships (user_id, company_id) VALUES (?, ?)").run(userId, companyId),
          fuzzRuns: 100,
        });
      },
      async teardown() {
        close?.();
        await app?.stop();
      },
    });

    let browserApp: StartedApp | undefined;
    runBrowserFlow({
      name: `${example.name} (copied out)`,
      async setup() {
        browserApp = await start(ready(), example.basePath);
        return { origin: browserApp.origin };
      },
      teardown: () => browserApp?.stop(),
    });
  });
}

/**
 * What a user does with an app folder, with npm only and the registry of this run: install,
 * build, start, and hold the running app to the contract with the conformance command.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { type StartedApp, startApp } from "@safe-session/conformance/server";
import { inject } from "vitest";
import { timed } from "./timings";

/** Current first: Auth.js seals with AUTH_SECRET_1 and still opens tokens of AUTH_SECRET (rotation). */
export const SECRETS = ["registry-test-secret-current-0123456789", "registry-test-secret-previous-012345678"];

/**
 * The environment of a user's shell pointed at this run's registry: none of the variables pnpm and
 * vitest add (npm would read `npm_config_*`; frameworks change behaviour under NODE_ENV=test), the
 * machine's npm cache as it is (its tarballs are valid whatever registry lists them). Native
 * modules build against this Node's own headers when it ships them, as scripts/setup.mjs does.
 */
export function userEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|PNPM_|VITEST|TEST$|NODE_ENV$|NODE_OPTIONS$)/i.test(key)) env[key] = value;
  }
  env.npm_config_registry = inject("registry");
  env.npm_config_audit = "false";
  env.npm_config_fund = "false";
  env.npm_config_update_notifier = "false";
  const prefix = dirname(dirname(process.execPath));
  if (existsSync(join(prefix, "include", "node", "node.h"))) env.npm_config_nodedir = prefix;
  return env;
}

/** A command of the user's, to its end; its output, or an error that carries it. */
export async function sh(dir: string, command: string, args: string[], env = userEnv()): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd: dir,
      env,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${dir}:\n${stdout}\n${stderr}`);
  }
}

/** What `npm install` put into node_modules: packages and megabytes. */
export function footprint(dir: string): string {
  // Every installed package once (`npm ls --all --parseable` lists one path a package, the app first).
  // It exits 1 over an unmet optional peer, after printing the tree all the same.
  const paths = spawnSync("npm", ["ls", "--all", "--parseable"], {
    cwd: dir,
    env: userEnv(),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  }).stdout;
  const packages = new Set(paths.split("\n").filter(Boolean)).size - 1;
  const kilobytes = Number(execFileSync("du", ["-sk", "node_modules"], { cwd: dir, encoding: "utf8" }).split("\t")[0]);
  return `${packages} packages, ${Math.round(kilobytes / 1024)} MB in node_modules`;
}

/** `npm install …`, timed, with its footprint. */
export async function install(label: string, dir: string, args: string[] = ["install"]): Promise<void> {
  await timed(
    inject("timings"),
    `${label}: npm ${args.join(" ")}`,
    () => sh(dir, "npm", args),
    () => footprint(dir),
  );
}

/** `npm run build`, timed. */
export async function build(label: string, dir: string): Promise<void> {
  await timed(inject("timings"), `${label}: npm run build`, () => sh(dir, "npm", ["run", "build"]));
}

/**
 * Both, one after the other. Apps are prepared one at a time: three example installs at once took
 * ~400 s each (~410 s in all) where one at a time took 80-125 s each (~325 s): better-sqlite3 compiles
 * from source in each (no prebuilt binaries here), and the 2 cores are the bottleneck, not the network.
 */
export async function installAndBuild(label: string, dir: string, args: string[] = ["install"]): Promise<void> {
  await install(label, dir, args);
  await build(label, dir);
}

export interface RunningApp extends StartedApp {
  env: Record<string, string | undefined>;
}

/** `npm start` on a free port with the test's secrets and its own SQLite file; waits until `readyPath` answers. */
export async function npmStart(
  label: string,
  dir: string,
  readyPath: string,
  extraEnv: Record<string, string> = {},
): Promise<RunningApp> {
  const data = mkdtempSync(join(tmpdir(), "safe-session-registry-db-"));
  const env = {
    ...userEnv(),
    AUTH_SECRET_1: SECRETS[0],
    AUTH_SECRET: SECRETS[1],
    DEMO_DB: join(data, "app.db"),
    ...extraEnv,
  };
  const started = await timed(inject("timings"), `${label}: npm start (until it answers)`, () =>
    startApp({ cwd: dir, command: "npm", args: ["start"], readyPath, env, timeoutMs: 120_000 }),
  );
  return {
    ...started,
    env: { ...env, SAFE_SESSION_URL: started.origin },
    async stop() {
      await started.stop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/**
 * `npx safe-session-conformance --config <file>` in the app's folder, as its README says, with the
 * app's own environment (the config file reads the secrets and the URL from it). `-p` names the
 * package, so the command also runs in an app that does not depend on it (npx then takes it from
 * the registry, as a user's npx would). Resolves with the command's summary line.
 */
export async function conformance(label: string, dir: string, config: string, app: RunningApp): Promise<string> {
  const version = inject("published")["@safe-session/conformance"];
  const args = ["--yes", "-p", `@safe-session/conformance@${version}`, "safe-session-conformance", "--config", config];
  const output = await timed(inject("timings"), `${label}: npx safe-session-conformance`, () =>
    sh(dir, "npx", args, app.env),
  );
  const summary = output.split("\n").find((line) => /\d+ passed, \d+ failed/.test(line));
  if (!summary) throw new Error(`no summary in the conformance output:\n${output}`);
  return summary;
}

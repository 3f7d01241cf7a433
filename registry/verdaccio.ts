/**
 * vitest's global setup: a private registry for this run, with every public package published to
 * it by the release's own publish step, so the tests install them as a user would from npm.
 *
 * - Verdaccio on 127.0.0.1, a free port, storage in a temporary folder; `@safe-session/*` and
 *   `create-safe-session` exist only there (no uplink: a name on the real registry can never stand
 *   in for ours), everything else comes through an uplink to the registry the machine uses.
 * - `changeset publish --no-git-tag` (what `pnpm release` runs, minus the tags a test must not
 *   write) from the workspace, with a temporary `.npmrc` holding a dummy `_authToken`: Verdaccio
 *   lets anyone publish our scope, npm only needs a token to exist.
 * - Provenance off: publishConfig's `provenance: true` overrides every npm config layer but the
 *   command line (`NPM_CONFIG_PROVENANCE=false` is not enough; npm refuses a local publish with
 *   "provider: null"). changeset runs `pnpm publish …`, so a `pnpm` first on PATH adds
 *   `--provenance=false` to `pnpm publish` and hands everything else on unchanged.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@safe-session/conformance/server";
import type { TestProject } from "vitest/node";
import { printTimings, record, timed } from "./timings";

const ROOT = join(import.meta.dirname, "..");

declare module "vitest" {
  export interface ProvidedContext {
    /** The registry's URL, with a trailing slash. */
    registry: string;
    /** Published package name → version. */
    published: Record<string, string>;
    /** The file each test appends its timings to (one JSON object a line). */
    timings: string;
  }
}

/** The workspace's public packages, each checked built (publishing an unbuilt one ships no dist). */
function publicPackages(): Record<string, string> {
  const packages: Record<string, string> = {};
  for (const name of readdirSync(join(ROOT, "packages"))) {
    const file = join(ROOT, "packages", name, "package.json");
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    if (manifest.private) continue;
    if (manifest.scripts?.build && !existsSync(join(ROOT, "packages", name, "dist"))) {
      throw new Error(`${manifest.name} is not built: run \`pnpm build\` first`);
    }
    packages[manifest.name] = manifest.version;
  }
  return packages;
}

/** Until `url` answers, at most `timeoutMs`. */
async function waitFor(url: string, child: ChildProcess, log: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited (${child.exitCode}):\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`verdaccio did not answer ${url} within ${timeoutMs} ms:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "safe-session-registry-"));
  const timings = join(dir, "timings.jsonl");
  writeFileSync(timings, "");
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null) {
      const gone = new Promise((resolve) => child?.once("exit", resolve));
      child.kill("SIGTERM");
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const packages = publicPackages();
    const port = await freePort();
    const registry = `http://127.0.0.1:${port}/`;
    const upstream = execFileSync("npm", ["config", "get", "registry"], { encoding: "utf8" }).trim();
    const ours = { access: "$all", publish: "$all" };
    // YAML is a superset of JSON: the config is written as JSON.
    const config = {
      storage: join(dir, "storage"),
      auth: { htpasswd: { file: join(dir, "htpasswd"), max_users: -1 } },
      // cache: false — tarballs pass through (npm's own cache keeps them), only metadata is stored.
      uplinks: { upstream: { url: upstream, timeout: "120s", cache: false } },
      packages: {
        "@safe-session/*": ours,
        "create-safe-session": ours,
        "**": { access: "$all", publish: "$authenticated", proxy: "upstream" },
      },
      web: { enable: false },
      log: { type: "stdout", format: "pretty", level: "warn" },
      max_body_size: "200mb",
    };
    writeFileSync(join(dir, "config.yaml"), JSON.stringify(config, null, 2));
    const bin = join(createRequire(import.meta.url).resolve("verdaccio/package.json"), "..", "bin", "verdaccio");
    let log = "";
    const started = performance.now();
    child = spawn(process.execPath, [bin, "--config", join(dir, "config.yaml"), "--listen", `127.0.0.1:${port}`], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk) => (log += chunk));
    child.stderr?.on("data", (chunk) => (log += chunk));
    await waitFor(`${registry}-/ping`, child, () => log);
    record(timings, { step: "verdaccio: start", seconds: Math.round((performance.now() - started) / 100) / 10 });

    const npmrc = join(dir, "publish.npmrc");
    writeFileSync(npmrc, `//127.0.0.1:${port}/:_authToken=dummy-local-token\n`);
    const shims = join(dir, "bin");
    mkdirSync(shims);
    const pnpm = execFileSync("sh", ["-c", "command -v pnpm"], { encoding: "utf8" }).trim();
    writeFileSync(
      join(shims, "pnpm"),
      `#!/bin/sh\nif [ "$1" = publish ]; then exec "${pnpm}" "$@" --provenance=false; fi\nexec "${pnpm}" "$@"\n`,
    );
    chmodSync(join(shims, "pnpm"), 0o755);
    const env = {
      ...process.env,
      PATH: `${shims}:${process.env.PATH}`,
      NPM_CONFIG_USERCONFIG: npmrc,
      npm_config_registry: registry,
    };
    const output = await timed(timings, "changeset publish (all public packages)", () =>
      run(pnpm, ["exec", "changeset", "publish", "--no-git-tag"], env),
    );

    // Published means the registry serves each version, not that the command said so.
    for (const [name, version] of Object.entries(packages)) {
      const response = await fetch(`${registry}${name.replace("/", "%2f")}`);
      const versions = response.ok
        ? Object.keys(((await response.json()) as { versions?: object }).versions ?? {})
        : [];
      if (!versions.includes(version))
        throw new Error(`${name}@${version} is not on the registry after changeset publish:\n${output}\n${log}`);
    }
    project.provide("registry", registry);
    project.provide("published", packages);
    project.provide("timings", timings);
  } catch (error) {
    await stop();
    throw error;
  }
  return async () => {
    printTimings(timings);
    await stop();
  };
}

/** Runs a command to its end; its output, or an error that carries it. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${output}`)),
    );
  });
}

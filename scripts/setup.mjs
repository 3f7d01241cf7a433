#!/usr/bin/env node
// Installs what the workspace needs on a machine that has only Node and npm:
// pnpm, the dependencies, and (with --browser, --redis, --postgres) Debian's chromium, redis-server and
// postgresql for the tests.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

const PNPM = "10.34.9";
const run = (command, env = process.env) => execSync(command, { stdio: "inherit", env });
const quiet = (command) => {
  try {
    return execSync(command, { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    return "";
  }
};

if (quiet("pnpm --version") !== PNPM) {
  console.log(`› installing pnpm@${PNPM} (corepack cannot verify signatures here)`);
  run(`npm install --global pnpm@${PNPM}`);
}

if (!process.env.SAFE_SESSION_SKIP_INSTALL) {
  // better-sqlite3 builds from source when its prebuilt binary cannot be fetched (no GitHub here):
  // against this Node's own headers when it ships them, instead of downloading them from nodejs.org.
  const prefix = dirname(dirname(process.execPath));
  const env = { ...process.env };
  if (!env.npm_config_nodedir && existsSync(join(prefix, "include", "node", "node.h"))) env.npm_config_nodedir = prefix;
  run(`pnpm install ${existsSync("pnpm-lock.yaml") ? "--frozen-lockfile" : ""} --reporter=append-only`, env);
}

// Debian packages the tests need: chromium for the browser flow, redis-server for @safe-session/redis,
// postgresql (server binaries under /usr/lib/postgresql/<major>/bin) for @safe-session/kysely.
const wanted = [];
if (process.argv.includes("--browser") && !existsSync("/usr/bin/chromium")) wanted.push("chromium");
if (process.argv.includes("--redis") && !quiet("command -v redis-server")) wanted.push("redis-server");
if (process.argv.includes("--postgres") && !quiet("ls /usr/lib/postgresql/*/bin/initdb")) wanted.push("postgresql");
if (wanted.length > 0) {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  if (!root || !quiet("command -v apt-get")) {
    console.error(
      `The tests need Debian's ${wanted.join(", ")} (chromium at /usr/bin/chromium, redis-server on PATH, postgresql's initdb): install them first.`,
    );
    process.exit(1);
  }
  console.log(`› installing Debian's ${wanted.join(", ")} for the tests`);
  run(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${wanted.join(" ")} >/dev/null`);
}

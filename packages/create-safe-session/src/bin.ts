#!/usr/bin/env node
import { main } from "./main.js";

main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`create-safe-session: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);

#!/usr/bin/env node
import { main } from "./command.js";

// A scenario abandoned at its time limit may still reject later: that is its failure, already reported.
process.on("unhandledRejection", () => {});

main(process.argv.slice(2)).then(
  (code) => {
    process.exit(code);
  },
  (error: unknown) => {
    console.error("safe-session-conformance: internal error:", error);
    process.exit(2);
  },
);

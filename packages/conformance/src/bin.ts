#!/usr/bin/env node
import { inspect } from "node:util";
import { main } from "./command.js";
import { Masker } from "./mask.js";

// A scenario abandoned at its time limit may still reject later: that is its failure, already reported.
process.on("unhandledRejection", () => {});

main(process.argv.slice(2)).then(
  (code) => {
    process.exit(code);
  },
  (error: unknown) => {
    // The config is not known here: the patterns still mask password fields, cookies and tokens.
    console.error(`safe-session-conformance: internal error: ${new Masker().text(inspect(error))}`);
    process.exit(2);
  },
);

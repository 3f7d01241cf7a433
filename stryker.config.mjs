// @ts-check
// `pnpm mutate`: mutation testing of packages/core/src against the `core` vitest project.
// The sandbox is a copy of the repo root (trimmed by ignorePatterns) so that the core's
// vitest config and tsconfig still find vitest.shared.ts and the root tsconfig they extend.

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner", "./stryker.equivalents.mjs"],
  // The equivalent mutants, each with its reason (no `// Stryker disable` comments in the source).
  ignorers: ["equivalents"],
  // Vitest runs from the sandbox root, so `dir` points it at the core; `related` finds no tests
  // from there, and per-test coverage picks the tests for each mutant anyway.
  vitest: { configFile: "packages/core/vitest.mutate.config.ts", dir: "packages/core", related: false },
  // Every source file of the core (its tests live in packages/core/test, none in src).
  mutate: ["packages/core/src/**/*.ts"],
  ignorePatterns: [
    "/*",
    "!/package.json",
    "!/tsconfig.json",
    "!/vitest.shared.ts",
    "!/packages",
    "/packages/*",
    "!/packages/core",
    "/packages/core/dist",
    "/packages/core/bench",
  ],
  coverageAnalysis: "perTest",
  // The machine is shared; two workers keep a full run from starving everything else.
  concurrency: 2,
  timeoutMS: 10_000,
  reporters: ["html", "json", "clear-text", "progress"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  // Re-runs only what changed since the last run (`pnpm mutate --force` runs everything).
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};

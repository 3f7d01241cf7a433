// vitest 3.2 prints a deprecation notice for this file; the project layout keeps it.
export default [
  "packages/*/vitest.config.ts",
  "examples/*/vitest.config.ts",
  "registry/vitest.config.ts",
  "test-apps/edge/vitest.config.ts",
  "test-apps/next-auth-v4-migration/vitest.config.ts",
];

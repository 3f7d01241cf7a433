import { defineProject } from "vitest/config";

// The test builds both stages of the app and serves each with `next start`: hooks get room for
// two production builds on a shared machine.
export default defineProject({
  test: {
    name: "test-app-next-auth-v4-migration",
    include: ["test/**/*.test.ts"],
    hookTimeout: 600_000,
    testTimeout: 180_000,
  },
});

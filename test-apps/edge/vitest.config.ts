import { defineConfig } from "vitest/config";

// No `source` condition: `@safe-session/core` resolves to its built `dist`, as an app installs it.
// Each file starts workerd or an Edge runtime, so hooks get room for a cold start.
export default defineConfig({
  test: { name: "test-app-edge", include: ["test/**/*.test.ts"], hookTimeout: 60_000, testTimeout: 30_000 },
});

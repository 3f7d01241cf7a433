import { defineConfig } from "vitest/config";

// The tests start the production build (`build/`) as a child process, so vitest needs none of
// vite.config.ts (Vite 8 and the React Router plugin); `source` resolves the workspace packages.
const conditions = ["source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { name: "test-app-react-router8", include: ["test/**/*.test.ts"], hookTimeout: 180_000, testTimeout: 120_000 },
});

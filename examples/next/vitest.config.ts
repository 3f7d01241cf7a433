import { defineProject } from "vitest/config";

// The repository's test project for this example: each test file starts its own production
// server, so hooks get room for a cold start. `source` resolves the workspace packages' sources.
const conditions = ["source", "module", "node", "development|production"];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { name: "example-next", include: ["test/**/*.test.ts"], hookTimeout: 180_000 },
});

import { defineProject } from "vitest/config";

const conditions = ["source", "module", "node", "development|production"];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    name: "example-next",
    include: ["test/**/*.test.ts"],
    // Each file starts its own `next start`; the suite's own timeouts bound every step.
    hookTimeout: 180_000,
  },
});

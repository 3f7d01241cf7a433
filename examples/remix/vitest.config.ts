import { defineProject } from "vitest/config";

const conditions = ["source", "module", "node", "development|production"];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    name: "example-remix",
    include: ["test/**/*.test.ts"],
    // Each file starts its own production server; give a cold start room.
    hookTimeout: 180_000,
  },
});

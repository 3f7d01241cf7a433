import { defineProject } from "vitest/config";

const conditions = ["source", "module", "node", "development|production"];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    name: "kysely",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Setting up a target may initdb and start a PostgreSQL cluster first.
    hookTimeout: 60_000,
  },
});

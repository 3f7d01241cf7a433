import { defineProject } from "vitest/config";

const conditions = ["source", "module", "node", "development|production"];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    name: "remix",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    // A file per process: one of them installs Remix's fetch polyfill on globalThis.
    pool: "forks",
    isolate: true,
  },
});

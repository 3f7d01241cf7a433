import { defineProject } from "vitest/config";

// One example at a time: each copy installs with npm and builds, which already fills the machine.
export default defineProject({
  test: {
    name: "copy-out",
    include: ["*.test.ts"],
    globalSetup: ["./pack.ts"],
    hookTimeout: 900_000,
    testTimeout: 120_000,
  },
});

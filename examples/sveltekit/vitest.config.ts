import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "example-sveltekit",
    include: ["test/**/*.test.ts"],
    // Each file starts its own production server; give a cold start room.
    hookTimeout: 180_000,
  },
});

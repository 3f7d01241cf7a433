import { defineProject } from "vitest/config";

// One app at a time: an npm install and a build already fill the 2 cores CI has, and the apps'
// timings mean something only when nothing else of this project runs beside them.
export default defineProject({
  test: {
    name: "registry",
    include: ["*.test.ts"],
    globalSetup: ["./verdaccio.ts"],
    // One fork, so one file at a time (a project cannot set fileParallelism).
    pool: "forks",
    poolOptions: { forks: { singleFork: true } },
    hookTimeout: 900_000,
    testTimeout: 900_000,
  },
});

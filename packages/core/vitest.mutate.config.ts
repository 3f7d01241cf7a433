import { packageProject } from "../../vitest.shared.js";

// The core project as `pnpm mutate` (stryker.config.mjs) runs it. Type tests are left to
// `pnpm typecheck`. The differential test runs all its scenarios in one `beforeAll`: Stryker
// cannot tell which test reached a line there, so every line it reaches would count as
// "static" and re-run all 600 tests per mutant (an estimated 91% of the run). Its scenarios
// compare with stock Auth.js outside the update contract, which the other tests hold.
// A mutation run shares the machine (two workers, often beside other work): a test that does real
// work (scrypt checks, concurrent sign-ins) gets 30 s before the dry run calls it failed; a mutant
// that loops is still cut off by Stryker's own time-out.
export default packageProject("core", {
  exclude: ["**/node_modules/**", "**/test/routes/handler.differential.test.ts"],
  testTimeout: 30_000,
});

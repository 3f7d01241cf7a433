import { packageBuild } from "../../tsup.shared.js";

export default packageBuild(["src/index.ts", "src/server.ts", "src/browser.ts", "src/config.ts", "src/bin.ts"], {
  external: ["vitest", "playwright-core", "@auth/core"],
});

import { packageBuild } from "../../tsup.shared.js";

// Resolved by the app's bundler (Next), never bundled into the binding.
export default packageBuild(["src/index.ts", "src/client.ts", "src/pages.ts"], {
  external: ["next", "@safe-session/core", "@auth/core"],
});

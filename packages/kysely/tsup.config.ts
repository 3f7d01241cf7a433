import { packageBuild } from "../../tsup.shared.js";

// Type-only use of core; the app brings its own Kysely instance and driver.
export default packageBuild(["src/index.ts"], { external: ["@safe-session/core", "kysely"] });

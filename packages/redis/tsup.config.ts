import { packageBuild } from "../../tsup.shared.js";

// Type-only use of core; the app brings its own ioredis client.
export default packageBuild(["src/index.ts"], { external: ["@safe-session/core", "ioredis"] });

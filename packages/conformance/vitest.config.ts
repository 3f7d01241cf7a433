import { packageProject } from "../../vitest.shared.js";

// The command's tests start apps and run the whole suite over HTTP against them.
export default packageProject("conformance", { hookTimeout: 180_000 });

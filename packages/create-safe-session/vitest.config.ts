import { packageProject } from "../../vitest.shared.js";

export default packageProject("create-safe-session");

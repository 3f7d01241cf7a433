import { packageProject } from "../../vitest.shared.js";

export default packageProject("core", {
  typecheck: { enabled: true, include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
});

import { packageProject } from "../../vitest.shared.js";

export default packageProject("remix", {
  typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  // A file per process: one of them installs Remix's fetch polyfill on globalThis.
  pool: "forks",
  isolate: true,
});

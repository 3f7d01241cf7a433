import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  // Type-only use of core; the app brings its own Kysely instance and driver.
  external: ["@safe-session/core", "kysely"],
});

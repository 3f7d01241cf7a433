import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/client.ts"],
  format: ["esm"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  // Resolved by the app's bundler (Next), never bundled into the binding.
  external: ["next", "@safe-session/core", "@auth/core"],
});

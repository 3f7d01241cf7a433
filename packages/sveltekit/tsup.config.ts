import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/client.ts"],
  format: ["esm"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  // SvelteKit's virtual modules exist only inside the app's Vite build.
  external: [/^\$app\//],
});

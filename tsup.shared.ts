import { type Options, defineConfig } from "tsup";

/** Every package builds the same way: ESM, `.d.ts`, source maps, ES2022; only entries and externals differ. */
export function packageBuild(entry: string[], options: Omit<Options, "entry"> = {}) {
  return defineConfig({
    entry,
    format: ["esm"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "es2022",
    ...options,
  });
}

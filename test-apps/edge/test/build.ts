import { fileURLToPath } from "node:url";
import { build } from "esbuild";

// esbuild as a Workers or Edge bundler runs it: the worker conditions pick every package's
// edge build (jose's WebCrypto one), and `@safe-session/core` resolves to its built `dist`.
const entry = fileURLToPath(new URL("./app.ts", import.meta.url));

export async function bundle(target: "workerd" | "edge-light"): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    // A Worker is an ES module; edge-runtime evaluates a script, which reaches the app as `edgeApp`.
    ...(target === "workerd" ? { format: "esm" as const } : { format: "iife" as const, globalName: "edgeApp" }),
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions:
      target === "workerd" ? ["workerd", "worker", "browser", "import"] : ["edge-light", "worker", "browser", "import"],
    target: "es2022",
    logLevel: "silent",
  });
  const output = result.outputFiles?.[0];
  if (!output) throw new Error("esbuild wrote nothing");
  return output.text;
}

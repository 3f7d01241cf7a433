/**
 * Packs every public package of the workspace once per run (`pnpm pack`, as `pnpm publish` would),
 * into a temporary folder outside the repository; the copies install from these tarballs.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

const ROOT = join(import.meta.dirname, "..");

declare module "vitest" {
  export interface ProvidedContext {
    /** Package name → absolute path of its tarball. */
    tarballs: Record<string, string>;
  }
}

/** Every file the exports map points a consumer at (types and code; not the workspace's `source`). */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === "string") return [exports.replace(/^\.\//, "")];
  if (!exports || typeof exports !== "object") return [];
  return Object.entries(exports).flatMap(([key, value]) => (key === "source" ? [] : exportTargets(value)));
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "safe-session-packed-"));
  const tarballs: Record<string, string> = {};
  try {
    for (const name of readdirSync(join(ROOT, "packages"))) {
      const folder = join(ROOT, "packages", name);
      const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
      if (manifest.private) continue;
      if (!existsSync(join(folder, "dist"))) throw new Error(`${manifest.name} is not built: run \`pnpm build\` first`);
      const packed = JSON.parse(execFileSync("pnpm", ["pack", "--pack-destination", dir, "--json"], { cwd: folder, encoding: "utf8" }));
      const files = new Set((packed.files as { path: string }[]).map((file) => file.path));
      const missing = [...exportTargets(manifest.exports), "README.md", "LICENSE"].filter((file) => !files.has(file));
      if (missing.length > 0) throw new Error(`${manifest.name} was packed without ${missing.join(", ")} (unbuilt, or a build running?)`);
      tarballs[manifest.name] = packed.filename;
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide("tarballs", tarballs);
  return () => rmSync(dir, { recursive: true, force: true });
}

/**
 * A binding README's quick start as a user applies it: the packages its install line names, and
 * the files its TypeScript blocks name in their first line (`// lib/auth.ts`), written as they
 * are. Nothing else: what the README leaves out, the app does not get.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const ROOT = join(import.meta.dirname, "..");

export interface QuickStart {
  /** The packages of the README's first install line (`pnpm add a b c` → `["a", "b", "c"]`). */
  packages: string[];
  /** Path → content of each file the section's blocks name. */
  files: Map<string, string>;
}

/** Reads `packages/<name>/README.md`: its install line, and the named files of the `## <section>` section. */
export function readQuickStart(name: string, section: string): QuickStart {
  const readme = readFileSync(join(ROOT, "packages", name, "README.md"), "utf8");
  const install = /^pnpm add ([^\n]+)$/m.exec(readme);
  if (!install?.[1]) throw new Error(`packages/${name}/README.md has no \`pnpm add …\` line`);
  const packages = install[1].split(/\s+/).filter((word) => word && !word.startsWith("-"));

  const start = readme.indexOf(`\n## ${section}\n`);
  if (start === -1) throw new Error(`packages/${name}/README.md has no "## ${section}" section`);
  const end = readme.indexOf("\n## ", start + 1);
  const text = readme.slice(start, end === -1 ? undefined : end);
  const files = new Map<string, string>();
  for (const match of text.matchAll(/^```(?:ts|tsx)\n(\/\/ ([^\s,]+\.tsx?)[^\n]*\n[\s\S]*?)^```$/gm)) {
    const [, code, path] = match;
    if (code && path) files.set(path, code);
  }
  if (files.size === 0) throw new Error(`packages/${name}/README.md's "${section}" names no file`);
  return { packages, files };
}

export function writeQuickStart(dir: string, quickStart: QuickStart): void {
  for (const [path, code] of quickStart.files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), code);
  }
}

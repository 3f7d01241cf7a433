/**
 * Build time: the templates are the repository's examples, copied when the package is built, so a
 * starter cannot drift from the app the repository tests. Run by `scripts/build-templates.ts`
 * (`pnpm build`) and by the tests, into a folder of their own.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { FRAMEWORK_NAMES, GITIGNORE_IN_TEMPLATE, LEFT_OUT, LEFT_OUT_SUFFIXES, VERSIONS_FILE } from "./frameworks.js";

/** Whether a path of an example (relative to its folder) goes into its starter. */
export function kept(path: string): boolean {
  const parts = path.split(sep);
  if (LEFT_OUT.has(parts[0] as string)) return false;
  if (parts.includes("node_modules")) return false;
  return !LEFT_OUT_SUFFIXES.some((suffix) => path.endsWith(suffix));
}

/** The version of every public `@safe-session/*` package of the workspace, as its package.json says. */
export function workspaceVersions(root: string): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const folder of readdirSync(join(root, "packages"))) {
    const file = join(root, "packages", folder, "package.json");
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string; private?: boolean };
    if (manifest.private || !manifest.name?.startsWith("@safe-session/") || !manifest.version) continue;
    versions[manifest.name] = manifest.version;
  }
  return versions;
}

/** Copies `<root>/examples/<framework>` (what a starter keeps) to `<out>/<framework>`, and the versions to `<out>/versions.json`. */
export function buildTemplates(root: string, out: string): void {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const framework of FRAMEWORK_NAMES) {
    const example = join(root, "examples", framework);
    const template = join(out, framework);
    cpSync(example, template, { recursive: true, filter: (source) => kept(relative(example, source)) });
    renameSync(join(template, ".gitignore"), join(template, GITIGNORE_IN_TEMPLATE));
  }
  writeFileSync(join(out, VERSIONS_FILE), `${JSON.stringify(workspaceVersions(root), null, 2)}\n`);
}

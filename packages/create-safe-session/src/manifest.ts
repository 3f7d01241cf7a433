import { TEST_ONLY_DEPENDENCIES, TEST_PATHS } from "./frameworks.js";

export interface Manifest {
  name?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * A folder name as an npm package name: lower case, only the characters npm allows, no leading
 * dot or underscore. `npm install` refuses a package.json whose name breaks these rules.
 */
export function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, "-")
    .replace(/^[._-]+/, "")
    .slice(0, 214);
  return name || "safe-session-app";
}

/** A script's `a && b` steps that name the tests (e.g. `tsc -p test/tsconfig.json`) go. */
function withoutLeftOutSteps(script: string): string {
  const mentions = (step: string) =>
    TEST_PATHS.some((path) => new RegExp(`(^|[\\s/"'])${path.replace(/\./g, "\\.")}(/|\\s|$)`).test(step));
  return script
    .split(" && ")
    .filter((step) => !mentions(step))
    .join(" && ");
}

/**
 * The starter's package.json from its example's: its own name, each `@safe-session/*` dependency
 * as a caret range of the version published with this command (the example's may lag a patch),
 * and neither the dependencies nor the script steps of the tests the starter does not get.
 */
export function starterManifest(example: Manifest, versions: Record<string, string>, name: string): Manifest {
  const manifest: Manifest = { ...example, name };
  const pin = (dependencies: Record<string, string> | undefined) => {
    if (!dependencies) return undefined;
    const entries = Object.entries(dependencies)
      .filter(([dependency]) => !TEST_ONLY_DEPENDENCIES.includes(dependency))
      .map(([dependency, range]) => {
        if (!dependency.startsWith("@safe-session/")) return [dependency, range];
        const version = versions[dependency];
        if (!version) throw new Error(`${dependency} has no published version in this build of create-safe-session`);
        return [dependency, `^${version}`];
      });
    return Object.fromEntries(entries) as Record<string, string>;
  };
  const dependencies = pin(example.dependencies);
  const devDependencies = pin(example.devDependencies);
  if (dependencies) manifest.dependencies = dependencies;
  if (devDependencies) manifest.devDependencies = devDependencies;
  if (example.scripts) {
    const scripts = Object.entries(example.scripts).map(([key, script]) => [key, withoutLeftOutSteps(script)] as const);
    manifest.scripts = Object.fromEntries(scripts.filter(([, script]) => script !== ""));
  }
  return manifest;
}

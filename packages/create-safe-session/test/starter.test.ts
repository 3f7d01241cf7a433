/** What a starter holds, against its example as the repository has it now. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FRAMEWORK_NAMES, FRAMEWORKS } from "../src/frameworks.js";
import { ROOT, type Run, filesOf, readJson, run, secretIn, workspace } from "./helpers.js";

const space = workspace();
afterAll(() => space.dispose());

/** What an install, a build or a run leaves in an example (its .gitignore): never a starter's. */
const PRODUCED = new Set(["node_modules", ".next", ".svelte-kit", "build", ".data", ".cache", "next-env.d.ts"]);
/** The repository's own tests of an example, which a starter does not get. */
const REPOSITORY_TESTS = (file: string) => file.startsWith("test/") || file === "vitest.config.ts";
const exampleFiles = (framework: string) =>
  filesOf(join(ROOT, "examples", framework), PRODUCED).filter(
    (file) => !file.endsWith(".tsbuildinfo") && !/^\.env/.test(file),
  );

/** The packages every bare import of these files names (`@scope/name`, `name`), aliases and Node's own left out. */
function importedPackages(dir: string, files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files.filter((name) => /\.(ts|tsx|js|mjs|svelte)$/.test(name))) {
    for (const [, specifier = ""] of readFileSync(join(dir, file), "utf8").matchAll(
      /(?:from|import)\s*\(?\s*["']([^"'.][^"']*)["']/g,
    )) {
      if (/^(node:|\$|~\/|@\/)/.test(specifier) || builtinModules.includes(specifier)) continue;
      const parts = specifier.split("/");
      names.add(specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] as string));
    }
  }
  return names;
}

/** Whether the caret range `^a.b.c` takes `version` (npm's rule, releases only: 0.x keeps the minor). */
function caretTakes(range: string, version: string): boolean {
  const floor = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range)?.slice(1).map(Number);
  const actual = /^(\d+)\.(\d+)\.(\d+)$/.exec(version)?.slice(1).map(Number);
  if (!floor || !actual) return false;
  const [major = 0, minor = 0, patch = 0] = floor;
  const [vMajor = 0, vMinor = 0, vPatch = 0] = actual;
  if (vMajor !== major || (major === 0 && vMinor !== minor)) return false;
  return vMinor > minor || (vMinor === minor && vPatch >= patch);
}

const declared = (manifest: { dependencies?: object; devDependencies?: object }) =>
  new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);

describe.each(FRAMEWORK_NAMES)("the %s starter", (framework) => {
  const cwd = join(space.dir, framework);
  const dir = join(cwd, "My App");
  const example = join(ROOT, "examples", framework);
  const { envFile } = FRAMEWORKS[framework];
  let written: Run;
  beforeAll(async () => {
    written = await run(["My App", "--framework", framework], { cwd, templates: space.templates });
  });

  test("is written, and says what to run next", () => {
    const { code, stdout, stderr } = written;
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(stdout).toContain('cd "My App"');
    expect(stdout).toContain("npm install");
    expect(stdout).toContain(`AUTH_SECRET is in ${envFile}`);
  });

  test("holds every file of its example but the repository's tests, byte for byte (package.json aside), and its env file", () => {
    const expected = exampleFiles(framework).filter((file) => !REPOSITORY_TESTS(file));
    expect(filesOf(dir)).toEqual([...expected, envFile].sort());
    for (const file of expected.filter((name) => name !== "package.json")) {
      expect(readFileSync(join(dir, file)).equals(readFileSync(join(example, file))), file).toBe(true);
    }
  });

  test("package.json: the folder's name, the packages' current versions, no test-only tools, everything else the example's", () => {
    const starter = readJson(join(dir, "package.json"));
    const original = readJson(join(example, "package.json"));
    expect(starter.name).toBe("my-app");
    for (const field of ["dependencies", "devDependencies"] as const) {
      for (const [name, range] of Object.entries(original[field] as Record<string, string>)) {
        if (name === "vitest" || name === "playwright-core") expect(starter[field][name], name).toBeUndefined();
        else if (name.startsWith("@safe-session/")) {
          const folder = name.slice("@safe-session/".length);
          expect(starter[field][name], name).toBe(
            `^${readJson(join(ROOT, "packages", folder, "package.json")).version}`,
          );
        } else expect(starter[field][name], name).toBe(range);
      }
    }
    expect(Object.values(starter.scripts).join(" ")).not.toMatch(/\btest\//);
    expect(Object.keys(starter.scripts)).toEqual(Object.keys(original.scripts));
    const { name: _a, dependencies: _b, devDependencies: _c, scripts: _d, ...rest } = starter;
    const { name: _e, dependencies: _f, devDependencies: _g, scripts: _h, ...originalRest } = original;
    expect(rest).toEqual(originalRest);
  });

  test("every package its files import is one it declares (so `npm install` brings it)", () => {
    const imported = importedPackages(dir, filesOf(dir));
    const missing = [...imported].filter((name) => !declared(readJson(join(dir, "package.json"))).has(name));
    expect(missing).toEqual([]);
  });

  test("the example, copied whole with its tests, declares every package those import too", () => {
    const imported = importedPackages(example, exampleFiles(framework));
    const manifest = readJson(join(example, "package.json"));
    expect([...imported].filter((name) => !declared(manifest).has(name))).toEqual([]);
    // Ranges npm can install: a workspace-only protocol fails outside the repository.
    const ranges = Object.values({ ...manifest.dependencies, ...manifest.devDependencies }) as string[];
    expect(ranges.filter((range) => /^(workspace|link|file):/.test(range))).toEqual([]);
  });

  test("the example's @safe-session/* ranges take the workspace's versions (else pnpm would fetch them from npm, not link packages/*)", () => {
    const manifest = readJson(join(example, "package.json"));
    for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies } as Record<
      string,
      string
    >)) {
      if (!name.startsWith("@safe-session/")) continue;
      const version = readJson(join(ROOT, "packages", name.slice("@safe-session/".length), "package.json"))
        .version as string;
      expect(caretTakes(range, version), `${name} ${range} against ${version}`).toBe(true);
    }
  });

  test(`${envFile} holds a fresh AUTH_SECRET of at least 32 random bytes, and git ignores it`, async () => {
    const secret = secretIn(join(dir, envFile));
    expect(Buffer.from(secret, "base64url").length).toBeGreaterThanOrEqual(32);
    const again = join(cwd, "again");
    expect((await run([again, "-f", framework], { cwd, templates: space.templates })).code).toBe(0);
    expect(secretIn(join(again, envFile))).not.toBe(secret);
    execFileSync("git", ["init", "-q"], { cwd: dir });
    // `git check-ignore` exits 0 only for an ignored path.
    expect(() => execFileSync("git", ["check-ignore", "-q", envFile], { cwd: dir })).not.toThrow();
  });
});

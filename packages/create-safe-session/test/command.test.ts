/** The command's flags, its questions (only in a terminal) and the folders it refuses. */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { packageName } from "../src/manifest.js";
import { filesOf, readJson, run, secretIn, workspace } from "./helpers.js";

const space = workspace();
afterAll(() => space.dispose());
let count = 0;
/** A new empty working directory per test. */
const cwd = () => {
  const dir = join(space.dir, `cwd-${++count}`);
  mkdirSync(dir);
  return dir;
};
const templates = space.templates;

describe("flags", () => {
  test("--framework and -f pick the template; --help prints the usage and writes nothing", async () => {
    const here = cwd();
    expect((await run(["a", "--framework", "remix"], { cwd: here, templates })).code).toBe(0);
    expect(existsSync(join(here, "a", "server.js"))).toBe(true);
    expect((await run(["b", "-f", "next"], { cwd: here, templates })).code).toBe(0);
    expect(existsSync(join(here, "b", "next.config.ts"))).toBe(true);
    const help = await run(["--help"], { cwd: here, templates });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("npm create safe-session@latest");
    expect(readdirSync(here).sort()).toEqual(["a", "b"]);
  });

  test("an unknown framework, an unknown flag or two folders: exit 1 with the usage, nothing written", async () => {
    const here = cwd();
    for (const argv of [
      ["app", "--framework", "nuxt"],
      ["app", "--frmework", "next"],
      ["app", "other", "-f", "next"],
    ]) {
      const result = await run(argv, { cwd: here, templates });
      expect(result.code, argv.join(" ")).toBe(1);
      expect(result.stderr).toContain("Usage: npm create safe-session@latest");
    }
    expect(readdirSync(here)).toEqual([]);
  });

  test("the folder's name becomes a valid npm package name", () => {
    expect(packageName("My App")).toBe("my-app");
    expect(packageName(".hidden_App!")).toBe("hidden_app-");
    expect(packageName("…")).toBe("safe-session-app");
  });
});

describe("questions", () => {
  test("without a terminal it never asks: a missing flag is an error with the usage, even with answers waiting on stdin", async () => {
    const here = cwd();
    for (const argv of [["app"], ["-f", "next"], []]) {
      const result = await run(argv, { cwd: here, templates, interactive: false, answers: ["next", "app"] });
      expect(result.code, argv.join(" ")).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/Missing .*\(no terminal to ask in\)/);
    }
    expect(readdirSync(here)).toEqual([]);
  });

  test("in a terminal it asks for the framework (by number or name, again until it knows it) and the folder", async () => {
    const here = cwd();
    const byName = await run([], { cwd: here, templates, interactive: true, answers: ["nuxt", "sveltekit", "site"] });
    expect(byName.code).toBe(0);
    expect(byName.stdout.match(/Framework\?/g)).toHaveLength(2);
    expect(existsSync(join(here, "site", "start.js"))).toBe(true);
    const byNumber = await run(["shop"], { cwd: here, templates, interactive: true, answers: ["3"] });
    expect(byNumber.code).toBe(0);
    expect(byNumber.stdout).not.toContain("Folder for the app");
    expect(existsSync(join(here, "shop", "server.js"))).toBe(true);
    const defaults = await run(["-f", "next"], { cwd: here, templates, interactive: true, answers: [""] });
    expect(defaults.code).toBe(0);
    expect(readJson(join(here, "my-app", "package.json")).name).toBe("my-app");
  });
});

describe("the folder", () => {
  test("a folder that is not empty is refused, and left as it was", async () => {
    const here = cwd();
    mkdirSync(join(here, "app"));
    writeFileSync(join(here, "app", "notes.txt"), "mine");
    const result = await run(["app", "-f", "sveltekit"], { cwd: here, templates });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("app is not empty");
    expect(result.stderr).toContain("--force");
    expect(filesOf(join(here, "app"))).toEqual(["notes.txt"]);
  });

  test("an empty folder, or the current one when empty, is written", async () => {
    const here = cwd();
    mkdirSync(join(here, "empty"));
    expect((await run(["empty", "-f", "remix"], { cwd: here, templates })).code).toBe(0);
    const inPlace = cwd();
    const result = await run([".", "-f", "remix"], { cwd: inPlace, templates });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("cd ");
    expect(existsSync(join(inPlace, "server.js"))).toBe(true);
  });

  test("--force writes into a folder that is not empty, and never over its env file", async () => {
    const here = cwd();
    for (const [framework, envFile] of [
      ["next", ".env.local"],
      ["sveltekit", ".env"],
    ] as const) {
      const dir = join(here, framework);
      mkdirSync(dir);
      writeFileSync(join(dir, envFile), 'AUTH_SECRET="the-one-in-production"\n');
      writeFileSync(join(dir, "notes.txt"), "mine");
      const result = await run([framework, "-f", framework, "--force"], { cwd: here, templates });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`${envFile} was already there and is unchanged`);
      expect(secretIn(join(dir, envFile))).toBe("the-one-in-production");
      expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
      expect(existsSync(join(dir, "package.json"))).toBe(true);
    }
  });
});

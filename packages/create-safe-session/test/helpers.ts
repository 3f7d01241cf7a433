import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { PassThrough } from "node:stream";
import { type Io, main } from "../src/main.js";
import { buildTemplates } from "../src/templates.js";

export const ROOT = join(import.meta.dirname, "..", "..", "..");

/** A folder for one test file: the templates built from the examples as they are now, and room for starters. */
export function workspace(): { dir: string; templates: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), "create-safe-session-"));
  const templates = join(dir, "templates");
  buildTemplates(ROOT, templates);
  return { dir, templates, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the command as its bin does, with the given streams. `answers` are typed into stdin one
 * at a time, each when the command's output shows a question (a line typed before would be lost).
 */
export async function run(
  argv: string[],
  options: { cwd: string; templates: string; interactive?: boolean; answers?: string[] },
): Promise<Run> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  const answers = [...(options.answers ?? [])];
  stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    if (/(\[1\]|\[my-app\]): $/.test(chunk.toString()) && answers.length > 0) stdin.write(`${answers.shift()}\n`);
  });
  stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  const io: Io = {
    stdin,
    stdout,
    stderr,
    interactive: options.interactive ?? false,
    cwd: options.cwd,
    templates: options.templates,
  };
  const code = await main(argv, io);
  return { code, stdout: out, stderr: err };
}

/** Every file under `dir` (relative, `/`-separated), skipping folders named in `skip` at any depth. */
export function filesOf(dir: string, skip: Set<string> = new Set()): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (skip.has(name)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(dir, path).split("\\").join("/"));
    }
  };
  walk(dir);
  return files.sort();
}

export const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));

/** The `AUTH_SECRET` an env file sets. */
export function secretIn(file: string): string {
  const match = readFileSync(file, "utf8").match(/^AUTH_SECRET="([^"]+)"$/m);
  if (!match?.[1]) throw new Error(`${file} sets no AUTH_SECRET`);
  return match[1];
}

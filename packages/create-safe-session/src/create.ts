/**
 * Writes a starter: its framework's template (the example app), its package.json for the folder
 * and the released versions, its `.gitignore`, and an env file with a fresh `AUTH_SECRET`.
 */
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { FRAMEWORKS, type Framework, GITIGNORE_IN_TEMPLATE, VERSIONS_FILE } from "./frameworks.js";
import { type Manifest, packageName, starterManifest } from "./manifest.js";

/** A mistake of the person running the command: printed with the usage, no stack. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface CreateOptions {
  framework: Framework;
  /** The folder to write, relative to `cwd` or absolute. */
  dir: string;
  /** Writes into a folder that is not empty (over files of the same name; an env file is kept). */
  force?: boolean;
  /** The folder of the built templates: the package's own `templates/` by default. */
  templates?: string;
  cwd?: string;
}

export interface Created {
  /** The folder written, absolute. */
  dir: string;
  /** The env file that holds `AUTH_SECRET`, relative to `dir`. */
  envFile: string;
  /** Whether that env file was there already (with `--force`) and so was left as it was. */
  envKept: boolean;
}

/** Where the templates are when the command runs from its package: `dist/bin.js` → `templates/`. */
export const PACKAGE_TEMPLATES = join(import.meta.dirname, "..", "templates");

/** 32 random bytes (256 bits, what `openssl rand -base64 32` gives), base64url: no quoting needed in an env file. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

function envContents(secret: string): string {
  return [
    "# Written by create-safe-session. Auth.js seals every session cookie with AUTH_SECRET: keep it",
    "# out of git (.gitignore lists this file), give production its own, and rotate with AUTH_SECRET_1.",
    `AUTH_SECRET="${secret}"`,
    "",
  ].join("\n");
}

export function createStarter(options: CreateOptions): Created {
  const { framework } = options;
  const templates = options.templates ?? PACKAGE_TEMPLATES;
  const template = join(templates, framework);
  if (!existsSync(template))
    throw new Error(`create-safe-session was built without its templates (${template} is missing)`);
  const dir = resolve(options.cwd ?? process.cwd(), options.dir);
  if (existsSync(dir) && readdirSync(dir).length > 0 && !options.force) {
    throw new UsageError(
      `${options.dir} is not empty. Choose a new or empty folder, or pass --force to write into it anyway.`,
    );
  }
  const { envFile } = FRAMEWORKS[framework];
  const envPath = join(dir, envFile);
  const envKept = existsSync(envPath);

  mkdirSync(dir, { recursive: true });
  cpSync(template, dir, { recursive: true, force: true });
  // npm publishes no `.gitignore`: the template carries it under another name.
  renameSync(join(dir, GITIGNORE_IN_TEMPLATE), join(dir, ".gitignore"));
  const versions = JSON.parse(readFileSync(join(templates, VERSIONS_FILE), "utf8")) as Record<string, string>;
  const example = JSON.parse(readFileSync(join(template, "package.json"), "utf8")) as Manifest;
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify(starterManifest(example, versions, packageName(basename(dir))), null, 2)}\n`,
  );
  // Never over a secret the folder already has: replacing it would sign out every session sealed with it.
  if (!envKept) writeFileSync(envPath, envContents(newSecret()), { mode: 0o600 });
  return { dir, envFile, envKept };
}

/** What to run next, for the person who ran the command. */
export function nextSteps(created: Created, cwd = process.cwd()): string {
  const where = relative(cwd, created.dir) || ".";
  const secret = created.envKept
    ? `${created.envFile} was already there and is unchanged: make sure it sets AUTH_SECRET.`
    : `AUTH_SECRET is in ${created.envFile}, fresh for this app (kept out of git by .gitignore).`;
  return [
    `The app is in ${where}. ${secret}`,
    "",
    "Next:",
    ...(where === "." ? [] : [`  cd ${where.includes(" ") ? JSON.stringify(where) : where}`]),
    "  npm install",
    "  npm run build && npm start     # http://localhost:3000 (PORT picks another port); npm run dev for development",
    "",
    "Sign in as alice@example.com / alice-password or bob@example.com / bob-password.",
    "README.md says what each file does and how to make the app yours: your provider, fields and database.",
  ].join("\n");
}

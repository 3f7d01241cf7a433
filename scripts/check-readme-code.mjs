#!/usr/bin/env node
// Type-checks the TypeScript in the READMEs (run by `pnpm test`, after the build): every ```ts and
// ```tsx block of the root README and of each package README, so an API change that leaves a
// README behind fails the run instead of a reader's first try.
//
// - Each README's blocks form one small project, written under the package's own
//   node_modules/.cache (inside the workspace, so the package itself, its dependencies and its
//   devDependencies resolve as a user's app resolves them; the root README's goes under core).
//   The packages resolve to their built types (`dist`), as published.
// - A block whose first line is a path comment (`// src/lib/server/auth.ts`, `// app/auth.server.ts,
//   …`) is written at that path, so the blocks import each other as the files of an app do, with
//   the aliases the frameworks give (`$lib/*` → src/lib/*, `~/*` → app/*, `@/*` → ./*). Any other
//   block is a module of its own.
// - Checked as a user's starter checks it: `strict`, ES modules, JSX for React.
// - ```ts fragment (or ```tsx fragment) is skipped: a block that is deliberately a piece of a file
//   the README does not show whole (several files at once, code that lives inside one of yours,
//   types a framework generates). Its README says where the whole is.
// - A ```js block that names its path is written too, for the TypeScript that imports it (the
//   conformance config); other ```js blocks are not checked.
// - A free identifier is an error: blocks import or define what they use. The one prelude is
//   PRELUDE below, the app's own data layer, which the READMEs leave to the reader.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const ROOT = join(import.meta.dirname, "..");

/** The app's own data layer: the READMEs call it, each app has its own. */
const PRELUDE = `declare global {
  /** The app's database: the README leaves it to you. */
  const db: { isMember(userId: string, companyId: string): boolean | Promise<boolean> };
}
export {};
`;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "ESNext",
    moduleResolution: "Bundler",
    lib: ["ES2023", "DOM", "DOM.Iterable"],
    types: ["node"],
    jsx: "react-jsx",
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    allowJs: true,
    baseUrl: ".",
    paths: { "$lib/*": ["src/lib/*"], "~/*": ["app/*"], "@/*": ["./*"] },
  },
};

/** `{ line, lang, code }` of every ts/tsx block, fragments marked. */
function blocks(markdown) {
  const found = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|tsx|js)(\s+fragment)?\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const code = [];
    while (++i < lines.length && !lines[i].startsWith("```")) code.push(lines[i]);
    found.push({ line: start + 1, lang: open[1], fragment: Boolean(open[2]), code: `${code.join("\n")}\n` });
  }
  return found;
}

/** The path a block names in its first line (`// app/auth.server.ts` or `// app/auth.server.ts — …`). */
function namedPath(code) {
  const match = /^\/\/ ([\w.$~@[\]+-]+(?:\/[\w.$~@[\]+-]+)*\.(?:tsx?|m?js))(?:[\s,:—]|$)/.exec(code);
  return match?.[1];
}

const readmes = [{ readme: "README.md", home: "packages/core" }];
for (const name of readdirSync(join(ROOT, "packages"))) {
  const readme = `packages/${name}/README.md`;
  if (existsSync(join(ROOT, readme))) readmes.push({ readme, home: `packages/${name}` });
}

let failed = 0;
let checked = 0;
let skipped = 0;
for (const { readme, home } of readmes) {
  const found = blocks(readFileSync(join(ROOT, readme), "utf8"));
  // A ```js block counts only as a file a TypeScript block imports (the conformance config), when it names its path.
  const checkedHere = found.filter((block) => !block.fragment && (block.lang !== "js" || namedPath(block.code)));
  skipped += found.length - checkedHere.length;
  if (checkedHere.length === 0) continue;
  const dir = join(ROOT, home, "node_modules", ".cache", "readme-check", readme.replace(/\W+/g, "-"));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  /** Written file → README line, to point each error at its block. */
  const origin = new Map();
  for (const block of checkedHere) {
    const path = namedPath(block.code) ?? `block-${block.line}.${block.lang}`;
    if (origin.has(path))
      throw new Error(
        `${readme}:${block.line}: a second block names ${path} (line ${origin.get(path)}); mark one \`${block.lang} fragment\``,
      );
    origin.set(path, block.line);
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), block.code);
  }
  writeFileSync(join(dir, "prelude.d.ts"), PRELUDE);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ ...TSCONFIG, files: ["prelude.d.ts", ...origin.keys()] }, null, 2),
  );
  checked += checkedHere.length;
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", dir, "--pretty", "false"],
      { cwd: dir, encoding: "utf8", stdio: "pipe" },
    );
    rmSync(dir, { recursive: true, force: true });
  } catch (error) {
    failed++;
    // tsc's "file(line,col): error …" read back as "README.md:line (file:line): error …".
    const output = `${error.stdout ?? ""}${error.stderr ?? ""}`.replace(
      /^([^\s(]+)\((\d+),(\d+)\)/gm,
      (whole, file, line) => {
        const start = origin.get(relative(dir, join(dir, file)));
        return start === undefined ? whole : `${readme}:${start + Number(line)} (${file}:${line})`;
      },
    );
    console.error(
      `check-readme-code: ${readme}'s TypeScript does not type-check (written to ${relative(ROOT, dir)}):\n${output}`,
    );
  }
}

if (failed > 0) process.exit(1);
console.log(
  `check-readme-code: ${checked} TypeScript blocks of ${readmes.length} READMEs type-check (${skipped} marked fragment)`,
);

#!/usr/bin/env node
// Fails when a public package changed and no pending changeset says so (run by `pnpm test`).
//
// What "a change" means, in a fresh clone of main (where `changeset status` compares main with
// itself and always passes):
// - The base of a package is its last release: the newest commit that changed the `version` of
//   its package.json (what `changeset version` does, and the same commit consumes the changesets).
//   A package whose version never changed (0.1.0 was never published; a new package) has no
//   release yet: its whole history counts, from the empty tree.
// - The change is every file under the package's folder that differs between that base and the
//   working tree (commits since, uncommitted edits and new untracked files alike), except what is
//   not published and changes no published behaviour: tests (`test/`, `*.test.ts`, `*.test-d.ts`,
//   `vitest.config.ts`), core's `bench/`, and `CHANGELOG.md`, which `changeset version` writes.
// - It is covered when a pending changeset (`.changeset/*.md`, not README.md) names the package
//   in its front matter, or when an explicit empty changeset (`changeset add --empty`: front
//   matter with no package) says the change needs no release.
// So the check holds an invariant, not a diff: nothing merged since a release can reach npm
// without an entry, whatever branch or clone runs it. On a branch, `--since <ref>` (e.g.
// `--since origin/main`) also demands that a branch changing a public package adds a changeset
// of its own in that range, as `changeset status --since` does.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");
const EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
const git = (...args) =>
  execFileSync("git", args, {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  }).trim();
const lines = (text) => text.split("\n").filter(Boolean);

/** Paths inside a package folder that are not published and change nothing published. */
const UNPUBLISHED = [
  /^test\//,
  /\.test\.tsx?$/,
  /\.test-d\.ts$/,
  /^vitest\.config\.ts$/,
  /^bench\//,
  /^CHANGELOG\.md$/,
];

/** The public packages: the workspace's `packages/*` that are not private. */
function publicPackages() {
  return readdirSync(join(ROOT, "packages"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = `packages/${entry.name}`;
      try {
        return { dir, manifest: JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")) };
      } catch {
        return undefined; // a folder without a package.json (being created) is no package yet
      }
    })
    .filter((pkg) => pkg && !pkg.manifest.private);
}

const versionAt = (commit, file) => {
  try {
    return JSON.parse(git("show", `${commit}:${file}`)).version;
  } catch {
    return undefined;
  }
};

/** The newest commit that changed the package's version (a release), or the empty tree. */
function releaseBase(dir) {
  const file = `${dir}/package.json`;
  for (const commit of lines(git("log", "--format=%H", "--", file))) {
    const before = versionAt(`${commit}^`, file);
    if (before !== undefined && before !== versionAt(commit, file)) return commit;
  }
  return EMPTY_TREE;
}

/** Files of `dir` changed since `base`, in the working tree, published ones only. */
function changedFiles(dir, base) {
  const tracked = lines(git("diff", "--name-only", base, "--", dir));
  const untracked = lines(git("ls-files", "--others", "--exclude-standard", "--", dir));
  return [...tracked, ...untracked].filter(
    (path) => !UNPUBLISHED.some((pattern) => pattern.test(path.slice(dir.length + 1))),
  );
}

/** Package names of one changeset's front matter; `[]` for an empty changeset. */
function changesetPackages(text) {
  const match = /^---\r?\n([\s\S]*?)^---/m.exec(text);
  if (!match) throw new Error("no front matter");
  return lines(match[1])
    .map((line) => /^\s*["']?([^"':]+)["']?\s*:/.exec(line)?.[1]?.trim())
    .filter(Boolean);
}

function pendingChangesets(paths) {
  return paths
    .filter((path) => path.endsWith(".md") && !path.endsWith("README.md"))
    .map((path) => ({ path, packages: changesetPackages(readFileSync(join(ROOT, path), "utf8")) }));
}

const listed = (dir) => readdirSync(join(ROOT, dir)).map((name) => `${dir}/${name}`);
const pending = pendingChangesets(listed(".changeset"));
const empty = pending.filter((changeset) => changeset.packages.length === 0);
const problems = [];

for (const { dir, manifest } of publicPackages()) {
  const base = releaseBase(dir);
  const changed = changedFiles(dir, base);
  if (changed.length === 0 || empty.length > 0) continue;
  if (!pending.some((changeset) => changeset.packages.includes(manifest.name))) {
    const since = base === EMPTY_TREE ? "its first commit (never released)" : `its last release (${base.slice(0, 8)})`;
    problems.push(
      `${manifest.name}: ${changed.length} file(s) changed since ${since}, e.g. ${changed.slice(0, 3).join(", ")}; no pending changeset names it`,
    );
  }
}

const sinceIndex = process.argv.indexOf("--since");
if (sinceIndex !== -1) {
  const ref = process.argv[sinceIndex + 1];
  const mergeBase = git("merge-base", ref, "HEAD");
  const added = lines(git("diff", "--name-only", "--diff-filter=AM", mergeBase, "--", ".changeset"));
  const untracked = lines(git("ls-files", "--others", "--exclude-standard", "--", ".changeset"));
  const ownChangesets = pendingChangesets([...added, ...untracked]);
  for (const { dir, manifest } of publicPackages()) {
    if (changedFiles(dir, mergeBase).length === 0) continue;
    const covered = ownChangesets.some(
      (changeset) => changeset.packages.length === 0 || changeset.packages.includes(manifest.name),
    );
    if (!covered) problems.push(`${manifest.name}: changed since ${ref} and no changeset added since then names it`);
  }
}

if (problems.length > 0) {
  console.error(`check-changesets: public packages changed without a changeset:\n  ${problems.join("\n  ")}`);
  console.error(
    "Run `pnpm changeset` (or `pnpm changeset --empty` when the change needs no release) and commit the file.",
  );
  process.exit(1);
}
console.log(`check-changesets: every changed public package has a pending changeset (${pending.length} pending)`);

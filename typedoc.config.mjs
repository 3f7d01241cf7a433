// The API reference of every public package, from its TSDoc: `pnpm run docs` writes it to docs/api,
// `pnpm run check:docs` (in `pnpm run check`) fails on a public export without docs or a broken link.
import { readFileSync, readdirSync } from "node:fs";
import { basename } from "node:path";

const manifest = (name) =>
  JSON.parse(readFileSync(new URL(`./packages/${name}/package.json`, import.meta.url), "utf8"));

// Every public package with an API (create-safe-session is a command, demo-data is private).
const PACKAGES = readdirSync(new URL("./packages", import.meta.url)).filter((name) => {
  const { private: isPrivate, exports } = manifest(name);
  return !isPrivate && exports !== undefined;
});

// Each package's entry points are its `exports`' `source` files (TypeDoc would read `types`, the
// built .d.ts, which it cannot map back to source). TypeDoc runs the same package options in every
// package, so one glob names every entry file's name and each file of such a name that a package
// does not export is excluded.
const sourcesOf = (name) => {
  const { exports } = manifest(name);
  return Object.values(exports).flatMap((entry) =>
    typeof entry === "object" && entry.source ? [entry.source.replace(/^\.\//, "")] : [],
  );
};
const sources = Object.fromEntries(PACKAGES.map((name) => [name, sourcesOf(name)]));
const names = [
  ...new Set(
    Object.values(sources)
      .flat()
      .map((path) => basename(path, ".ts")),
  ),
];
const notExported = PACKAGES.flatMap((name) =>
  readdirSync(new URL(`./packages/${name}/src`, import.meta.url), { recursive: true })
    .map((path) => `src/${path}`)
    .filter((path) => names.includes(basename(path, ".ts")) && path.endsWith(".ts") && !sources[name].includes(path))
    .map((path) => `**/packages/${name}/${path}`),
);

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  name: "safe-session",
  entryPointStrategy: "packages",
  entryPoints: PACKAGES.map((name) => `packages/${name}`),
  packageOptions: {
    entryPoints: [`src/**/{${names.join(",")}}.ts`],
    exclude: notExported,
    readme: "none",
    // No source links: the reference is read beside the repository, not through a hosted remote.
    disableSources: true,
    // Checked per package: the merged project no longer knows which package a symbol came from.
    // Not `notExported`: a few helper types that public signatures name (`AnySchema`, `Checked`,
    // `DerivedKey`, `RouteHandler`, `Pacer`) are unexported on purpose, and its allow-list cannot be
    // given per package (a name unused in one package is itself a warning).
    validation: { notExported: false, invalidLink: true, notDocumented: true },
    // Every export must say what it is; its members may rest on their names and types.
    requiredToBeDocumented: ["Enum", "Variable", "Function", "Class", "Interface", "TypeAlias"],
  },
  readme: "none",
  out: "docs/api",
  // TypeDoc's defaults, and SQL for the Kysely store's migrations.
  highlightLanguages: [
    "bash",
    "console",
    "css",
    "html",
    "javascript",
    "json",
    "jsonc",
    "json5",
    "yaml",
    "tsx",
    "typescript",
    "sql",
  ],
  treatWarningsAsErrors: true,
  validation: { notExported: false, invalidLink: true, notDocumented: true },
};

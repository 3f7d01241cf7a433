/** The starters: one per example app of the repository (`examples/<framework>`). */
export const FRAMEWORKS = {
  next: {
    label: "Next.js 16 (App Router)",
    // `next start` and `next dev` read `.env.local`; it is the file Next's docs keep out of git.
    envFile: ".env.local",
  },
  sveltekit: {
    label: "SvelteKit 2 (adapter-node)",
    // `npm start` (start.js) loads it with process.loadEnvFile; vite.config.ts does for `vite dev`.
    envFile: ".env",
  },
  remix: {
    label: "Remix 2 (Vite, Express)",
    // `npm start` (server.js) loads it with process.loadEnvFile; `remix vite:dev` reads it itself.
    envFile: ".env",
  },
} as const;

export type Framework = keyof typeof FRAMEWORKS;

export const FRAMEWORK_NAMES = Object.keys(FRAMEWORKS) as Framework[];

export function isFramework(value: string): value is Framework {
  return Object.hasOwn(FRAMEWORKS, value);
}

/**
 * What a starter does not take from its example, by name at the example's root: the repository's
 * own tests of the example (its `test/` and their vitest config), and what an install, a build or
 * a run produced (the examples' .gitignore). The conformance config stays: with the app running,
 * `npx safe-session-conformance --config safe-session.conformance.mjs` holds a starter the user
 * has changed to the same contract, which is worth more to them than one file less.
 */
export const LEFT_OUT = new Set([
  "test",
  "vitest.config.ts",
  // Produced, never written by hand:
  "node_modules",
  ".next",
  ".svelte-kit",
  "build",
  ".data",
  ".cache",
  "next-env.d.ts",
  ".env",
  ".env.local",
]);

/** The repository's tests among LEFT_OUT: a script step that names one goes too. */
export const TEST_PATHS = ["test", "vitest.config.ts"];

/** Files left out wherever they are: TypeScript's incremental caches. */
export const LEFT_OUT_SUFFIXES = [".tsbuildinfo"];

/** Development dependencies only the left-out tests import; the starter's package.json drops them. */
export const TEST_ONLY_DEPENDENCIES = ["vitest", "playwright-core"];

/**
 * npm leaves every `.gitignore` out of a published package, so the templates carry it under
 * this name and a starter gets it back as `.gitignore`.
 */
export const GITIGNORE_IN_TEMPLATE = "gitignore";

/** Written at build time beside the templates: each public `@safe-session/*` package's version. */
export const VERSIONS_FILE = "versions.json";

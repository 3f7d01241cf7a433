/**
 * A stock app from each framework's own starter (taken from the registry, as a user's npx takes
 * it), the binding installed with npm, and the binding README's quick start applied as written:
 * it builds, starts, and passes the conformance command. When it does not, the README's quick
 * start is what is missing something.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, test } from "vitest";
import { conformance, installAndBuild, npmStart, sh } from "./app";
import { readQuickStart, writeQuickStart } from "./quick-start";
import { timed } from "./timings";

/** The starters, pinned: create-next-app's latest (it pins `next` to its own version); sv's latest, whose minimal template is SvelteKit 2 (Node 20). */
const CREATE_NEXT_APP = "create-next-app@16.4.3";
const SV = "sv@0.17.1";

/**
 * The app's side of the contract: the quick starts' own users and companies, their defaults
 * (120 updates a minute), the secrets and the URL from the environment the test starts the app in.
 */
function conformanceConfig(basePath: string, extra: string): string {
  return `const secrets = [process.env.AUTH_SECRET_1, process.env.AUTH_SECRET].filter(Boolean);
export default {
  url: process.env.SAFE_SESSION_URL,
  basePath: ${JSON.stringify(basePath)},
  secret: secrets,
  users: {
    member: { id: "alice", email: "alice@example.com", password: "alice-password" },
    other: { id: "bob", email: "bob@example.com", password: "bob-password" },
  },
  field: "selectedCompanyId",
  values: { member: ["acme", "globex"], other: ["initech"], unknown: "no-such-company" },
  rateLimitMax: 120,${extra}
};
`;
}

interface Starter {
  label: string;
  basePath: string;
  /** Makes the stock app in `folder/app`. */
  create(folder: string): Promise<unknown>;
  /** The binding's README and its quick start section. */
  readme: { name: string; section: string };
  /** What the framework itself asks beyond the stock app to run with `npm start` on Node. */
  serveWithNode(dir: string): Promise<string[]>;
  conformanceExtra: string;
  env: Record<string, string>;
}

const STARTERS: Starter[] = [
  {
    label: "create-next-app + @safe-session/next",
    basePath: "/api/auth",
    // --empty: the default page loads Geist from Google Fonts at build time, which a machine with
    // only the npm registry cannot reach (next build fails); the app is otherwise the same.
    create: (folder) => {
      const args = [
        "--yes",
        CREATE_NEXT_APP,
        "app",
        "--yes",
        "--ts",
        "--app",
        "--no-tailwind",
        "--no-eslint",
        "--no-src-dir",
      ];
      args.push("--import-alias", "@/*", "--use-npm", "--skip-install", "--disable-git", "--no-agents-md", "--empty");
      return timed(inject("timings"), `create-next-app: npx ${CREATE_NEXT_APP}`, () => sh(folder, "npx", args));
    },
    readme: { name: "next", section: "App Router" },
    serveWithNode: async () => [],
    // Next route handlers are handed no client address (the README says so).
    conformanceExtra: '\n  clientAddress: "none",',
    // The README's choice for an app whose URL is not known before it starts.
    env: { AUTH_TRUST_HOST: "true" },
  },
  {
    label: "sv create + @safe-session/sveltekit",
    basePath: "/auth",
    create: (folder) => {
      const args = [
        "--yes",
        SV,
        "create",
        "app",
        "--template",
        "minimal",
        "--types",
        "ts",
        "--no-add-ons",
        "--no-install",
      ];
      return timed(inject("timings"), `sv create: npx ${SV} create`, () => sh(folder, "npx", args));
    },
    readme: { name: "sveltekit", section: "Setup" },
    // SvelteKit's own way to serve with Node (its adapter docs): adapter-node (5, the SvelteKit 2
    // line) for adapter-auto, `node build` to start; ORIGIN from PORT, as the README's "adapter-node
    // and plain http" says for plain http.
    serveWithNode: async (dir) => {
      const config = join(dir, "vite.config.ts");
      writeFileSync(config, readFileSync(config, "utf8").replace("@sveltejs/adapter-auto", "@sveltejs/adapter-node"));
      await sh(dir, "npm", ["pkg", "set", "scripts.start=ORIGIN=http://localhost:$PORT node build"]);
      return ["@sveltejs/adapter-node@5"];
    },
    conformanceExtra: "",
    env: {},
  },
];

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

for (const starter of STARTERS) {
  describe(`registry: ${starter.label}, the README's quick start as written`, () => {
    test("builds, starts and passes the conformance command", async () => {
      const folder = mkdtempSync(join(tmpdir(), "safe-session-starter-"));
      folders.push(folder);
      const dir = join(folder, "app");
      await starter.create(folder);
      const quickStart = readQuickStart(starter.readme.name, starter.readme.section);
      writeQuickStart(dir, quickStart);
      writeFileSync(
        join(dir, "safe-session.conformance.mjs"),
        conformanceConfig(starter.basePath, starter.conformanceExtra),
      );
      const more = await starter.serveWithNode(dir);
      await installAndBuild(starter.label, dir, ["install", ...quickStart.packages, ...more]);
      const app = await npmStart(starter.label, dir, `${starter.basePath}/csrf`, starter.env);
      try {
        expect(await conformance(starter.label, dir, "safe-session.conformance.mjs", app)).toMatch(/ 0 failed/);
      } finally {
        await app.stop();
      }
    });
  });
}

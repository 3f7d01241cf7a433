import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

// MIGRATING.md shows code from files of this repository that are built and tested (this app's
// two stages, the examples): each block marked `<!-- file: path -->` must appear there verbatim.
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const guide = readFileSync(`${ROOT}MIGRATING.md`, "utf8");
const blocks = [...guide.matchAll(/<!-- file: (\S+) -->\n```ts\n([\s\S]*?)```/g)].map(([, path, code]) => ({
  path: path as string,
  code: code as string,
}));

describe("MIGRATING.md", () => {
  test("quotes code from the v4 recipe, the migrated app, and the Next and SvelteKit examples", () => {
    const paths = new Set(blocks.map((block) => block.path));
    for (const path of [
      "test-apps/next-auth-v4-migration/lib/recipe.ts",
      "test-apps/next-auth-v4-migration/lib/safe-session.ts",
      "test-apps/next-auth-v4-migration/pages/api/auth/[...nextauth].safe.ts",
      "test-apps/next-auth-v4-migration/pages/dashboard.safe.tsx",
      "examples/next/app/actions.ts",
      "examples/sveltekit/src/lib/server/auth.ts",
    ]) {
      expect(paths).toContain(path);
    }
  });

  test.each(blocks.map((block, index) => [`${index + 1}. ${block.path}`, block] as const))(
    "block %s is in its file verbatim",
    (_, block) => {
      expect(readFileSync(`${ROOT}${block.path}`, "utf8")).toContain(block.code);
    },
  );
});

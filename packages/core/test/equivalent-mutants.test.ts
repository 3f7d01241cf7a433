import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
// @ts-expect-error: a plain ES module of the repository root, without types
import { EQUIVALENTS } from "../../../stryker.equivalents.mjs";

type Equivalent = { file: string; code?: string; startsWith?: string; within?: string; reason: string };

const root = new URL("../../../", import.meta.url);
const count = (text: string, part: string) => text.split(part).length - 1;

// `pnpm mutate` marks these mutants ignored by the node each entry names (stryker.equivalents.mjs);
// an entry that names no node, or more than one, would ignore nothing or too much without a word.
describe("the equivalent mutants listed for pnpm mutate", () => {
  test.each((EQUIVALENTS as Equivalent[]).map((e) => [`${e.file}: ${e.within ?? e.code ?? e.startsWith}`, e] as const))(
    "%s names exactly one place in its file",
    (_, e) => {
      const source = readFileSync(new URL(e.file, root), "utf8");
      const text = (e.code ?? e.startsWith) as string;
      expect(text).toBeTruthy();
      expect(e.reason.length).toBeGreaterThan(10);
      if (e.within === undefined) {
        expect(count(source, text)).toBe(1);
      } else {
        expect(count(source, e.within)).toBe(1);
        expect(e.within).toContain(text);
      }
    },
  );

  test("no `Stryker disable` comment is left in core's source", () => {
    const src = new URL("packages/core/src/", root);
    const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) expect(readFileSync(new URL(file, src), "utf8")).not.toMatch(/Stryker (disable|restore)/);
  });
});

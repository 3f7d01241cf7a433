/**
 * The pieces the three examples (so the three starters) must share, byte for byte. Each example
 * keeps its own copy so it stands alone when copied out; this test keeps the copies from drifting
 * (only Next's demo database once had the IMMEDIATE transaction that seeds a new file once).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ROOT } from "./helpers.js";

const SHARED: Record<string, Record<"next" | "sveltekit" | "remix", string>> = {
  "the demo database (seeding, password check)": {
    next: "lib/db.ts",
    sveltekit: "src/lib/server/db.ts",
    remix: "app/db.server.ts",
  },
  "the refusal messages a person reads": {
    next: "lib/refusal-message.ts",
    sveltekit: "src/lib/refusal-message.ts",
    remix: "app/refusal-message.ts",
  },
};

describe("the examples share what must not drift", () => {
  test.each(Object.entries(SHARED))("%s is the same file in all three", (_, paths) => {
    const [first, ...others] = Object.entries(paths).map(([framework, path]) => ({
      where: `examples/${framework}/${path}`,
      text: readFileSync(join(ROOT, "examples", framework, path), "utf8"),
    }));
    for (const other of others) expect(other.text, `${other.where} differs from ${first?.where}`).toBe(first?.text);
  });

  test("the database seeds a new file under a write lock taken before it looks (two processes seed it once)", () => {
    const text = readFileSync(join(ROOT, "examples/next/lib/db.ts"), "utf8");
    expect(text).toMatch(/\.immediate\(\)/);
  });
});

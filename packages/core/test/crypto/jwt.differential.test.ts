import { describe, expect, test } from "vitest";
import { nativeCbc } from "../../src/crypto/jwe.js";
import { differential, matchesStock, realTokens } from "../support/token-oracle.js";

// Node's path: dir + A256CBC-HS512 tokens decrypt on node:crypto, A256GCM ones through jose 5.
// `FUZZ_RUNS` (as `pnpm fuzz` sets it) raises the number of cases.
const runs = Number(process.env.FUZZ_RUNS ?? 600);

describe("any edit to a real token: refused exactly when stock decode refuses it, with its error (native path)", () => {
  test("runs on the native path", () => {
    expect(nativeCbc).toBeDefined();
  });

  test("random edits with every byte value", async () => {
    await differential(runs);
  });

  test("every byte value at the start, the middle and the end of each part", async () => {
    const [token] = await realTokens();
    const parts = (token as string).split(".");
    for (let code = 0; code < 256; code++) {
      const char = String.fromCharCode(code);
      for (let p = 0; p < parts.length; p++) {
        const part = parts[p] as string;
        for (const at of [0, part.length >> 1, part.length]) {
          const edited = parts.with(p, part.slice(0, at) + char + part.slice(at)).join(".");
          await matchesStock(edited);
        }
      }
    }
  });
});

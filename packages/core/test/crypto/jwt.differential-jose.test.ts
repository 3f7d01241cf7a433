import { describe, expect, test, vi } from "vitest";
import { nativeCbc } from "../../src/crypto/jwe.js";
import { differential } from "../support/token-oracle.js";

// The edge runtimes' path (and workerd with nodejs_compat, whose node:crypto fails the self-test):
// no native codec, every token through jose 5 after the core's own checks. Same property.
vi.mock("../../src/crypto/jwe.js", async (original) => ({
  ...(await original<typeof import("../../src/crypto/jwe.js")>()),
  nativeCbc: undefined,
}));

const runs = Number(process.env.FUZZ_RUNS ?? 300);

describe("any edit to a real token: refused exactly when stock decode refuses it, with its error (jose path)", () => {
  test("runs without the native codec", () => {
    expect(nativeCbc).toBeUndefined();
  });

  test("random edits with every byte value", async () => {
    await differential(runs);
  });
});

/** The order of the scenarios: what spends the sign-in budget runs after everything that signs in. */
import { expect, test } from "vitest";
import { scenarios } from "../src/scenarios/index.js";

test("the scenarios that spend sign-in budget are last, and ids are unique", () => {
  const first = scenarios.findIndex((s) => s.spendsSignIns);
  expect(first).toBeGreaterThan(0);
  expect(scenarios.slice(first).every((s) => s.spendsSignIns)).toBe(true);
  // The forged-address scenario takes the suite's own address to its limit: nothing may follow it.
  expect(scenarios.at(-1)?.id).toBe("security.sign-in-forwarded");
  expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
});

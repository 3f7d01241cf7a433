import { afterAll, beforeAll, describe, test } from "vitest";
import type { ConformanceTarget, Harness } from "./harness.js";
import { scenarios } from "./scenarios/index.js";

/** Options of `runConformance`. */
export interface RunOptions {
  /** Scenario id → why this target cannot run it. A skip without a reason is refused. */
  skip?: Record<string, string>;
}

/**
 * Registers every scenario as a vitest test named "<target> / <title>".
 *
 * @example
 * // test/conformance.test.ts (vitest): every scenario against the app a config describes
 * import { conformanceTarget, loadConfig, runConformance } from "@safe-session/conformance";
 *
 * runConformance(conformanceTarget(await loadConfig("conformance.config.mjs")), {
 *   skip: { "rate-limit.updates": "this deployment has no update limit" },
 * });
 */
export function runConformance(target: ConformanceTarget, options: RunOptions = {}): void {
  const skip = options.skip ?? {};
  for (const [id, reason] of Object.entries(skip)) {
    if (!reason.trim()) throw new Error(`conformance: skipping "${id}" needs a written reason`);
    if (!scenarios.some((s) => s.id === id)) throw new Error(`conformance: no scenario "${id}" to skip`);
  }
  describe(`${target.name} conformance`, () => {
    let harness: Harness;
    beforeAll(async () => {
      harness = await target.setup();
    }, 180_000);
    afterAll(async () => {
      await target.teardown?.();
    });
    for (const scenario of scenarios) {
      const name = `${target.name} / ${scenario.title}`;
      const reason = skip[scenario.id];
      if (reason) {
        test.skip(`${name} (skipped: ${reason})`, () => {});
        continue;
      }
      test(
        name,
        async (context) => {
          const unmet = scenario.requires?.(harness);
          if (unmet) context.skip(`${scenario.id}: ${unmet}`);
          await scenario.run(harness);
        },
        scenario.timeoutMs ?? 30_000,
      );
    }
  });
}

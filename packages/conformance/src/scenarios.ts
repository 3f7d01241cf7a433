import type { Harness } from "./harness.js";

export interface Scenario {
  id: string;
  title: string;
  /** Why this harness cannot run the scenario, or `undefined` when it can. */
  requires?(harness: Harness): string | undefined;
  run(harness: Harness): Promise<void>;
  timeoutMs?: number;
}

export const scenarios: Scenario[] = [];

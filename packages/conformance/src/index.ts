export { CONTRACT_COMPANIES, CONTRACT_USERS, type Account, type ConformanceTarget, type Harness } from "./harness.js";
export { httpHarness } from "./http-harness.js";
export { runConformance, type RunOptions } from "./runner.js";
export { scenarios, type Scenario } from "./scenarios/index.js";

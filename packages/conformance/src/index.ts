export {
  CONTRACT_COMPANIES,
  CONTRACT_USERS,
  type Account,
  type Companies,
  type ConformanceTarget,
  type FieldValues,
  type Harness,
  type UrlFieldPage,
  valuesOf,
} from "./harness.js";
export { httpHarness } from "./http-harness.js";
export { runConformance, type RunOptions } from "./runner.js";
export { scenarios, type Scenario } from "./scenarios/index.js";
export { ConfigError, type ConformanceConfig, conformanceTarget, loadConfig, validateConfig } from "./config.js";

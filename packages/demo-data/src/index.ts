export {
  DEMO_COMPANIES,
  DEMO_MEMBERSHIPS,
  DEMO_USERS,
  type DemoCompany,
  type DemoStore,
  type DemoUser,
  openDemoStore,
} from "./store.js";
export { type DemoAuthOptions, demoAuth, demoSecretConfig, recipeConfig } from "./auth.js";

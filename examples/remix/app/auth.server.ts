import { demoAuth } from "@safe-session/demo-data";
import { createRemixSafeSession } from "@safe-session/remix";

// The contract's Auth.js config (Credentials, `selectedCompanyId` with a membership check), with
// AUTH_SECRET from the environment and a loud development fallback when it is unset.
const demo = demoAuth({ basePath: "/auth" });

export const store = demo.store;
export const auth = createRemixSafeSession({
  config: demo.config,
  updates: demo.updates,
  rateLimit: demo.rateLimit,
  store: demo.sessionStore,
});

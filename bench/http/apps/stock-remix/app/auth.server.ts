import { type AuthConfig, setEnvDefaults } from "@auth/core";
import { demoAuth, recipeConfig } from "@safe-session/demo-data";

// Same store and Auth.js config as examples/remix, with the recipe's unchecked update callback.
export const config: AuthConfig = recipeConfig(demoAuth({ basePath: "/auth" }).config);
// What every framework binding does for the app: AUTH_SECRET, AUTH_URL, … from the environment.
setEnvDefaults(process.env, config);

import { building } from "$app/environment";
import { SvelteKitAuth } from "@auth/sveltekit";
import { demoAuth, openDemoStore, recipeConfig } from "@safe-session/demo-data";

// Same store and Auth.js config as examples/sveltekit, with the recipe's unchecked update
// callback; `vite build` gets a throwaway store.
const { config } = demoAuth({ basePath: "/auth", ...(building ? { store: openDemoStore(":memory:") } : {}) });

export const { handle } = SvelteKitAuth(recipeConfig(config));

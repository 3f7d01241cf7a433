import { building } from "$app/environment";
import { demoAuth, openDemoStore } from "@safe-session/demo-data";
import { createSvelteKitSafeSession } from "@safe-session/sveltekit";

// The contract's demo setup (users, companies, `selectedCompanyId` with membership `authorize`),
// shared with the other examples. AUTH_SECRET comes from the environment, with a loud dev fallback.
// `vite build` loads this module to analyse routes: it gets a throwaway store, not the app's file.
const demo = demoAuth({ basePath: "/auth", ...(building ? { store: openDemoStore(":memory:") } : {}) });

export const { store, updates } = demo;
export const { handle, signIn, signOut, updateSession } = createSvelteKitSafeSession({
  config: demo.config,
  updates,
  rateLimit: demo.rateLimit,
  store: demo.sessionStore,
});

import { demoAuth, openDemoStore } from "@safe-session/demo-data";
import { createNextSafeSession } from "@safe-session/next";

// `next build` imports this module in parallel workers: they get a throwaway store, so only
// the running app creates and seeds the demo file (DEMO_DB, default .data/demo.db).
const store = openDemoStore(process.env.NEXT_PHASE === "phase-production-build" ? ":memory:" : undefined);
const demo = demoAuth({ basePath: "/api/auth", store });

export const { updates } = demo;
export { store };
export const { handlers, auth, getToken, updateSession, signIn, signOut } = createNextSafeSession({
  config: demo.config,
  updates,
  rateLimit: demo.rateLimit,
  store: demo.sessionStore,
});

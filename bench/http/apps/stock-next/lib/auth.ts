import { demoAuth, openDemoStore, recipeConfig } from "@safe-session/demo-data";
import NextAuth from "next-auth";

// Same store and Auth.js config as examples/next, with the recipe's unchecked update callback;
// `next build` workers get a throwaway store.
const store = openDemoStore(process.env.NEXT_PHASE === "phase-production-build" ? ":memory:" : undefined);

export const { handlers } = NextAuth(recipeConfig(demoAuth({ basePath: "/api/auth", store }).config));

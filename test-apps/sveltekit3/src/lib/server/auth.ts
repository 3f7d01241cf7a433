import { demoAuth } from "@safe-session/demo-data";
import { createSvelteKitSafeSession, defineUpdates } from "@safe-session/sveltekit";
import { z } from "zod";

// The contract's setup (demo users and companies in SQLite at DEMO_DB, Credentials sign-in,
// `selectedCompanyId` for members only) plus the `name` field the browser flow changes.
const demo = demoAuth({ basePath: "/auth" });
export const store = demo.store;

export const updates = defineUpdates({
  ...demo.updates,
  name: { schema: z.string().trim().min(1).max(50) },
});

export const { handle, signIn, signOut, updateSession } = createSvelteKitSafeSession({
  config: demo.config,
  updates,
  rateLimit: demo.rateLimit,
});

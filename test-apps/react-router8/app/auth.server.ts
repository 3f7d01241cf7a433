import { demoAuth } from "@safe-session/demo-data";
import { createRemixSafeSession, defineUpdates } from "@safe-session/remix";
import { z } from "zod";

// The contract's setup (demo users and companies in SQLite at DEMO_DB, Credentials sign-in,
// `selectedCompanyId` for members only) plus the `name` field the browser flow changes.
const demo = demoAuth({ basePath: "/auth" });
export const store = demo.store;

export const auth = createRemixSafeSession({
  config: demo.config,
  updates: defineUpdates({ ...demo.updates, name: { schema: z.string().trim().min(1).max(50) } }),
  rateLimit: demo.rateLimit,
});

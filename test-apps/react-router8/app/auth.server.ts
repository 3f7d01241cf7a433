import { demoAuth } from "@safe-session/demo-data";
import { createRemixSafeSession, createSessionMiddleware, defineUpdates } from "@safe-session/remix";
import { z } from "zod";
import { countSessionRead } from "./read-count.server";

// The contract's setup (demo users and companies in SQLite at DEMO_DB, Credentials sign-in,
// `selectedCompanyId` for members only) plus the `name` field the browser flow changes.
const demo = demoAuth({ basePath: "/auth" });
export const store = demo.store;

export const auth = createRemixSafeSession({
  config: {
    ...demo.config,
    callbacks: {
      ...demo.config.callbacks,
      jwt(params) {
        countSessionRead();
        return demo.config.callbacks.jwt(params);
      },
    },
  },
  updates: defineUpdates({ ...demo.updates, name: { schema: z.string().trim().min(1).max(50) } }),
  rateLimit: demo.rateLimit,
});

// React Router 8 middleware (root.tsx): the session read once per request into the router context.
export const { sessionContext, sessionMiddleware, updateSession } = createSessionMiddleware(auth);

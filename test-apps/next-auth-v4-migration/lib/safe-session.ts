import Credentials from "@auth/core/providers/credentials";
import { createPagesSafeSession, defineUpdates } from "@safe-session/next/pages";
import { z } from "zod";
import { isMember, verifyCredentials } from "./data";

// The same app on safe-session, as MIGRATING.md writes it: the same secret (NEXTAUTH_SECRET), the
// company as a declared update field, v4 sessions carried over, the recipe's GET kept for now.

export const { pagesHandler, getServerSession } = createPagesSafeSession({
  config: () => ({
    secret: process.env.NEXTAUTH_SECRET,
    basePath: "/api/auth",
    session: { strategy: "jwt" },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: ({ email, password }) => verifyCredentials(email, password),
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) token.sub = user.id;
        return token;
      },
      // `companyId` is the name the not-yet-migrated client reads; drop it when the client moves.
      session({ session, token }) {
        const selected = (session as { selectedCompanyId?: string }).selectedCompanyId;
        return { ...session, user: { ...session.user, id: token.sub as string }, companyId: selected };
      },
    },
  }),
  updates: defineUpdates({
    selectedCompanyId: {
      schema: z.string().min(1).max(64),
      authorize: ({ value, token }) => isMember(token.sub, value),
      revalidate: { everySeconds: 300 },
    },
  }),
  // Until the client moves to POST /api/auth/session: same rules, same-origin requests only.
  legacyQueryUpdates: { companyId: "selectedCompanyId" },
  // Until the v4 cookies' maxAge (30 days) has passed since the switch.
  nextAuthV4: { claims: { companyId: "selectedCompanyId" } },
});

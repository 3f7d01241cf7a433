import type { IncomingMessage } from "node:http";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyCredentials } from "./data";

type RecipeRequest = IncomingMessage & { query?: Record<string, string | string[] | undefined> };

/**
 * The recipe, as the seed's app writes it on next-auth v4: options built per request, so the
 * `jwt` callback can copy `?companyId=` of `GET /api/auth/session` into the token, and an
 * `update()` merges whatever the client posted. Its holes are what the test shows.
 */
export function createOptions(req: RecipeRequest): AuthOptions {
  return {
    secret: process.env.NEXTAUTH_SECRET,
    session: { strategy: "jwt" },
    providers: [
      CredentialsProvider({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: (credentials) => verifyCredentials(credentials?.email, credentials?.password),
      }),
    ],
    callbacks: {
      jwt({ token, user, trigger, session }) {
        if (user) token.sub = user.id;
        const companyId = req.query?.companyId;
        if (typeof companyId === "string") token.companyId = companyId;
        if (trigger === "update" && session) Object.assign(token, session);
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub }, companyId: token.companyId };
      },
    },
  };
}

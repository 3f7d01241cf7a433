import Credentials from "@auth/core/providers/credentials";
import { createNextSafeSession, defineUpdates } from "@safe-session/next";
import { z } from "zod";

// The stock client's test app: two users, one update field only a member may set.
const users = [
  { id: "alice", email: "alice@example.com", password: "alice-password", name: "Alice", companies: ["acme", "globex"] },
  { id: "bob", email: "bob@example.com", password: "bob-password", name: "Bob", companies: ["initech"] },
];

export const { handlers, auth } = createNextSafeSession({
  config: {
    secret: process.env.AUTH_SECRET ?? "stock-client-app-secret-0123456789",
    trustHost: true,
    basePath: "/api/auth",
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        authorize: ({ email, password }) => {
          const user = users.find((u) => u.email === email && u.password === password);
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) token.sub = user.id;
        return token;
      },
    },
  },
  updates: defineUpdates({
    selectedCompanyId: {
      schema: z.string().min(1).max(64),
      authorize: ({ value, token }) => users.some((u) => u.id === token.sub && u.companies.includes(value)),
    },
  }),
});

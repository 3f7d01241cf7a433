import Credentials from "@auth/core/providers/credentials";
import { createSafeSession, defineUpdates } from "@safe-session/core";
import { z } from "zod";
import { SECRET } from "./secret.js";

// The app every runtime test serves: Credentials sign-in, one allow-listed field. Bundled by
// esbuild from the built package (`dist`, through its exports), as a Worker or an Edge Function;
// workerd takes every export as an entry point, so the module exports handlers only.

const safe = createSafeSession({
  config: {
    secret: SECRET,
    trustHost: true,
    basePath: "/auth",
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        authorize: ({ email, password }) =>
          email === "alice@example.com" && password === "alice-password" ? { id: "alice", email, name: "Alice" } : null,
      }),
    ],
  },
  updates: defineUpdates({
    selectedCompanyId: { schema: z.string().min(1).max(64), authorize: ({ value }) => value === "acme" },
  }),
  env: {},
  // next-auth v4 cookies are read with jose and WebCrypto: test/next-auth-v4.test.ts.
  nextAuthV4: { claims: { companyId: "selectedCompanyId" } },
});

/** What the runtime offers as node:crypto, and whether a Cipheriv takes a string (the workerd failure). */
function probe(): Response {
  const builtin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    ?.getBuiltinModule;
  let cipherTakesString = false;
  const nodeCrypto =
    typeof builtin === "function" ? (builtin("node:crypto") as typeof import("node:crypto") | undefined) : undefined;
  try {
    nodeCrypto?.createCipheriv("aes-256-cbc", new Uint8Array(32), new Uint8Array(16)).update("x");
    cipherTakesString = nodeCrypto !== undefined;
  } catch {
    cipherTakesString = false;
  }
  return Response.json({ nodeCrypto: nodeCrypto !== undefined, cipherTakesString });
}

export async function handle(request: Request): Promise<Response> {
  if (new URL(request.url).pathname === "/probe") return probe();
  return safe.handler(request);
}

export default { fetch: handle };

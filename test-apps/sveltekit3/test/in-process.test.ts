import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTRACT_COMPANIES, CONTRACT_USERS, runConformance } from "@safe-session/conformance";
import { type DemoStore, openDemoStore } from "@safe-session/demo-data";
import { BASE_PATH, RATE_LIMIT_MAX, SECRETS, buildEntry } from "./app.js";

// The contract in-process on Kit 3: the production build's `server` (what adapter-node wraps)
// answers each Request in this process, with no socket — Kit 3's own routing, `handle`, cookies,
// form actions and origin check around the binding. (packages/sveltekit's in-process tests run on
// Kit 2 with a stand-in for what Kit does around `handle`.)
const ORIGIN = "http://localhost:5173";
interface KitServer {
  init(options: { env: Record<string, string | undefined>; read: (file: string) => ReadableStream }): Promise<void>;
  respond(request: Request, options: { getClientAddress(): string }): Promise<Response>;
}

let dir: string | undefined;
let store: DemoStore | undefined;
runConformance({
  name: `sveltekit 3 (in-process, node ${process.versions.node})`,
  async setup() {
    dir = mkdtempSync(join(tmpdir(), "test-app-sveltekit3-"));
    const db = join(dir, "app.db");
    const opened = openDemoStore(db);
    store = opened;
    // The app reads its environment when `server.init` loads its hooks (this file has its own worker).
    Object.assign(process.env, {
      AUTH_SECRET_1: SECRETS[0],
      AUTH_SECRET: SECRETS[1],
      DEMO_DB: db,
      SAFE_SESSION_REVALIDATE_SECONDS: "0",
      SAFE_SESSION_RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
    });
    const { server } = (await import(buildEntry("server/server.js"))) as { server: KitServer };
    await server.init({
      env: process.env,
      read: (file) => {
        throw new Error(`no static assets in-process (${file})`);
      },
    });
    return {
      fetch: (request) => server.respond(request, { getClientAddress: () => "127.0.0.1" }),
      origin: ORIGIN,
      basePath: BASE_PATH,
      secrets: SECRETS,
      users: CONTRACT_USERS,
      companies: CONTRACT_COMPANIES,
      nameField: true,
      signInForm: { path: "/?/signIn", fields: { redirectTo: "/dashboard" } },
      revalidateSeconds: 0,
      rateLimitMax: RATE_LIMIT_MAX,
      revokeMembership: (userId, companyId) => opened.revoke(userId, companyId),
      grantMembership: (userId, companyId) => opened.grant(userId, companyId),
    };
  },
  teardown() {
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  },
});

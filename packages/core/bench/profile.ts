// node --cpu-prof --conditions=source --import tsx bench/profile.ts [read|update]
import { encode as stockEncode } from "@auth/core/jwt";
import Credentials from "@auth/core/providers/credentials";
import { z } from "zod";
import { createSafeSession, defineUpdates } from "../src/index.js";

const SECRET = "bench-secret-0123456789abcdef0123456789";
const SALT = "authjs.session-token";
const safe = createSafeSession({
  config: { secret: SECRET, trustHost: true, basePath: "/auth", providers: [Credentials({ credentials: {}, authorize: () => null })] },
  updates: defineUpdates({ selectedCompanyId: { schema: z.string().min(1).max(64), authorize: () => true } }),
  rateLimit: false,
  env: {},
});
const mode = process.argv[2] ?? "read";
const CSRF = "c".repeat(64);
const hash = Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${CSRF}${SECRET}`))).toString("hex");
import { existsSync, readFileSync, writeFileSync } from "node:fs";
const FILE = "/tmp/safe-session-profile-tokens.json";
if (!existsSync(FILE)) {
  const fresh: string[] = [];
  for (let i = 0; i < 5000; i++) fresh.push(await stockEncode({ token: { sub: "alice", email: "a@example.com", name: "A" }, secret: SECRET, salt: SALT }));
  writeFileSync(FILE, JSON.stringify(fresh));
}
const tokens: string[] = JSON.parse(readFileSync(FILE, "utf8"));
const c0 = process.cpuUsage();
const t0 = performance.now();
for (const token of tokens) {
  if (mode === "read") await safe.getSession(new Request("http://localhost:3000/auth/session", { headers: { cookie: `${SALT}=${token}` } }));
  else {
    const r = await safe.handler(new Request("http://localhost:3000/auth/session", { method: "POST", headers: { cookie: `${SALT}=${token}; authjs.csrf-token=${CSRF}%7C${hash}`, "content-type": "application/json" }, body: JSON.stringify({ csrfToken: CSRF, data: { selectedCompanyId: "acme" } }) }));
    if (r.status !== 200) throw new Error(await r.text());
  }
}
const c1 = process.cpuUsage(c0);
console.log(mode, "wall µs/op", ((performance.now() - t0) * 1000 / tokens.length).toFixed(1), "cpu µs/op", ((c1.user + c1.system) / tokens.length).toFixed(1));

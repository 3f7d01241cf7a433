import { existsSync, readFileSync } from "node:fs";
import Credentials from "@auth/core/providers/credentials";
import { compactDecrypt } from "jose";
import { z } from "zod";
import { createSafeSession, defineUpdates } from "../src/index.js";
import { decode, derivedKey } from "../src/jwt.js";
const SECRET = "bench-secret-0123456789abcdef0123456789";
const SALT = "authjs.session-token";
const tokens: string[] = JSON.parse(readFileSync("/tmp/safe-session-profile-tokens.json", "utf8"));
const safe = createSafeSession({
  config: { secret: SECRET, trustHost: true, basePath: "/auth", providers: [Credentials({ credentials: {}, authorize: () => null })] },
  updates: defineUpdates({ selectedCompanyId: { schema: z.string().min(1).max(64), authorize: () => true } }),
  rateLimit: false,
  env: {},
});
const { key } = await derivedKey("A256CBC-HS512", SECRET, SALT);
const time = async (label: string, fn: (t: string) => Promise<unknown>) => {
  for (let i = 0; i < 300; i++) await fn(tokens[i] as string);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 300; i < 4300; i++) await fn(tokens[i] as string);
  const c1 = process.cpuUsage(c0);
  console.log(label.padEnd(40), "wall µs", ((performance.now() - t0) * 1000 / 4000).toFixed(1), " cpu µs", ((c1.user + c1.system) / 4000).toFixed(1));
};
await time("new Request only", async (t) => new Request("http://localhost:3000/auth/session", { headers: { cookie: `${SALT}=${t}` } }));
await time("compactDecrypt (key)", (t) => compactDecrypt(t, key));
await time("decode", (t) => decode({ token: t, secret: SECRET, salt: SALT }));
await time("getSession", (t) => safe.getSession(new Request("http://localhost:3000/auth/session", { headers: { cookie: `${SALT}=${t}` } })));
await time("handler GET", (t) => safe.handler(new Request("http://localhost:3000/auth/session", { headers: { cookie: `${SALT}=${t}` } })).then((r) => r.text()));

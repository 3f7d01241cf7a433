import Credentials from "@auth/core/providers/credentials";
import { z } from "zod";
import { createSafeSession, defineUpdates } from "../src/index.ts";

const members = new Set(["alice:acme", "alice:globex", "bob:initech"]);
const updates = defineUpdates({
  selectedCompanyId: { schema: z.string().min(1).max(64), authorize: ({ value, token }) => members.has(`${token.sub}:${value}`) },
  name: { schema: z.string().trim().min(1).max(50) },
});
const safe = createSafeSession({
  config: {
    secret: "s3cret",
    trustHost: true,
    basePath: "/auth",
    providers: [Credentials({ credentials: { email: {}, password: {} }, authorize: (c) => (c.email === "alice@example.com" && c.password === "alice-password" ? { id: "alice", email: "alice@example.com", name: "Alice" } : null) })],
    callbacks: { jwt: ({ token, user }) => { if (user) token.sub = user.id; return token; } },
  },
  updates,
  env: {},
});
const O = "http://localhost:3000";
const jar = new Map<string, string>();
const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
const take = (r: Response) => { for (const c of r.headers.getSetCookie()) { const [kv] = c.split(";"); const i = kv!.indexOf("="); const k = kv!.slice(0, i); const v = kv!.slice(i + 1); if (/Max-Age=0/.test(c) || v === "") jar.delete(k); else jar.set(k, v); } return r; };
let r = take(await safe.handler(new Request(`${O}/auth/csrf`, { headers: { cookie: cookie() } })));
const { csrfToken } = await r.json();
console.log("csrf", r.status, csrfToken.length);
r = take(await safe.handler(new Request(`${O}/auth/callback/credentials`, { method: "POST", headers: { cookie: cookie(), "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ csrfToken, email: "alice@example.com", password: "alice-password" }) })));
console.log("signin", r.status, r.headers.get("location"), [...jar.keys()]);
r = take(await safe.handler(new Request(`${O}/auth/session`, { headers: { cookie: cookie() } })));
console.log("session", r.status, await r.text());
const post = (data: unknown, extra: Record<string, string> = {}) => safe.handler(new Request(`${O}/auth/session`, { method: "POST", headers: { cookie: cookie(), "content-type": "application/json", ...extra }, body: JSON.stringify({ csrfToken, data }) }));
for (const d of [{ selectedCompanyId: "acme" }, { sub: "bob" }, { selectedCompanyId: "initech" }, { selectedCompanyId: 5 }, { name: "Al" }]) {
  r = take(await post(d));
  console.log("update", JSON.stringify(d), r.status, await r.text(), r.headers.getSetCookie().length);
}
r = take(await post({ selectedCompanyId: "globex" }, { origin: "https://evil.example" }));
console.log("cross", r.status, await r.text());
console.log("getSession", await safe.getSession(new Request(`${O}/x`, { headers: { cookie: cookie() } })));
r = take(await safe.signOut(new Request(`${O}/x`, { headers: { cookie: cookie() } })));
console.log("signout", r.status, r.headers.get("location"), [...jar.keys()]);

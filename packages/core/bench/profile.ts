/**
 * Where one call's time goes, inside real calls (`pnpm bench:phases [get|read|update] [calls]`).
 * The token codec is timed through `config.jwt.encode`/`decode`, the public hook Auth.js has for
 * it, wrapped around the codec safe-session uses by default; everything else is the rest. Then
 * the same pieces alone in a tight loop, the least they can cost on this machine.
 * For a CPU profile: `node --cpu-prof --conditions=source --import tsx bench/profile.ts update`.
 */
import type { AuthConfig } from "@auth/core";
import { encode as stockEncode } from "@auth/core/jwt";
import Credentials from "@auth/core/providers/credentials";
import { z } from "zod";
import { createSafeSession, defineUpdates } from "../src/index.js";
import { decode, encode } from "../src/crypto/jwt.js";

const SECRET = "bench-secret-0123456789abcdef0123456789";
const SALT = "authjs.session-token";
const ORIGIN = "http://localhost:3000";
const mode = process.argv[2] ?? "update";
const calls = Number(process.argv[3] ?? 4000);
if (!["get", "read", "update"].includes(mode)) throw new Error("usage: profile.ts [get|read|update] [calls]");

const timers = { decode: 0n, encode: 0n };
const timed =
  <A, R>(key: keyof typeof timers, run: (arg: A) => Promise<R>) =>
  async (arg: A): Promise<R> => {
    const start = process.hrtime.bigint();
    try {
      return await run(arg);
    } finally {
      timers[key] += process.hrtime.bigint() - start;
    }
  };

const base = {
  secret: SECRET,
  trustHost: true,
  basePath: "/auth",
  providers: [Credentials({ credentials: {}, authorize: () => null })],
} satisfies AuthConfig;
const members = new Set(["alice:acme", "alice:globex"]);
const safe = createSafeSession({
  // The codec's own parameter types are narrower than Auth.js's hook types; the calls match.
  config: { ...base, jwt: { encode: timed("encode", encode) as never, decode: timed("decode", decode) as never } },
  updates: defineUpdates({
    selectedCompanyId: {
      schema: z.string().min(1).max(64),
      authorize: ({ value, token }) => members.has(`${token.sub}:${value}`),
    },
  }),
  rateLimit: false,
  env: {},
});

const CSRF = "c".repeat(64);
const hash = Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${CSRF}${SECRET}`))).toString(
  "hex",
);
const request = (token: string, i: number) =>
  mode === "update"
    ? new Request(`${ORIGIN}/auth/session`, {
        method: "POST",
        headers: {
          cookie: `${SALT}=${token}; authjs.csrf-token=${CSRF}%7C${hash}`,
          "content-type": "application/json",
          origin: ORIGIN,
        },
        body: JSON.stringify({ csrfToken: CSRF, data: { selectedCompanyId: i % 2 ? "acme" : "globex" } }),
      })
    : new Request(`${ORIGIN}/auth/session`, { headers: { cookie: `${SALT}=${token}` } });
const claims = { sub: "alice", email: "alice@example.com", name: "Alice", selectedCompanyId: "acme" };
const fresh = async (n: number) => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(await stockEncode({ token: claims, secret: SECRET, salt: SALT }));
  return out;
};

/** µs per call of `run` over fresh tokens, the Request built before the clock starts. */
async function inCalls(run: (request: Request) => Promise<unknown>, n: number): Promise<number> {
  const tokens = await fresh(n);
  let total = 0n;
  for (let i = 0; i < n; i++) {
    const r = request(tokens[i] as string, i);
    const start = process.hrtime.bigint();
    const result = await run(r);
    total += process.hrtime.bigint() - start;
    if (result instanceof Response) {
      if (result.status !== 200) throw new Error(`${result.status} ${await result.text()}`);
      await result.arrayBuffer();
    }
  }
  return Number(total) / 1e3 / n;
}

const ours = mode === "get" ? (r: Request) => safe.getSession(r) : (r: Request) => safe.handler(r);
await inCalls(ours, calls >> 2); // warm-up
timers.decode = timers.encode = 0n;
const total = await inCalls(ours, calls);
const per = (t: bigint) => Number(t) / 1e3 / calls;

// The same pieces alone, back to back: the least each costs here.
const loop = async (n: number, run: (i: number) => unknown) => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await run(i);
  return Number(process.hrtime.bigint() - start) / 1e3 / n;
};
const tokens = await fresh(calls);
const decodeAlone = await loop(calls, (i) => decode({ token: tokens[i] as string, secret: SECRET, salt: SALT }));
const encodeAlone = await loop(calls, () =>
  encode({ token: { ...claims, sid: "s", rev: 1 }, secret: SECRET, salt: SALT }),
);
const setCookie = `${SALT}=${tokens[0]}; Path=/; Expires=${new Date().toUTCString()}; HttpOnly; SameSite=Lax`;
const responseAlone = await loop(calls, () => {
  const headers = new Headers({ "content-type": "application/json", "cache-control": "private, no-cache, no-store" });
  if (mode === "update") headers.append("set-cookie", setCookie);
  return new Response(JSON.stringify({ user: claims, expires: new Date().toISOString() }), { headers });
});

const row = (label: string, us: number) => console.log(`  ${label.padEnd(58)} ${us.toFixed(1).padStart(8)} µs`);
console.log(
  `${mode}: ${calls} calls, fresh token each · node ${process.version} · load ${(await import("node:os")).loadavg()[0]?.toFixed(2)}\n`,
);
console.log("inside real calls");
row(`safe-session ${mode === "get" ? "getSession" : "handler"} (whole call)`, total);
row("  of which: token decode (jose compactDecrypt + claims)", per(timers.decode));
row("  of which: token encode (jose CompactEncrypt)", per(timers.encode));
row("  of which: everything else (checks, store, cookies, Response)", total - per(timers.decode) - per(timers.encode));
console.log("\nalone, in a tight loop");
row("token decode", decodeAlone);
row("token encode", encodeAlone);
row(`new Response (JSON body${mode === "update" ? ", one Set-Cookie" : ""})`, responseAlone);
console.log("\nratios against stock, interleaved and over more rounds: pnpm bench");

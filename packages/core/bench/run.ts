/**
 * `pnpm bench`: stock @auth/core `Auth()` and safe-session side by side, in one process,
 * interleaved rounds, medians and ratios. Every call gets a token it has never seen unless
 * the row says "same token". `BENCH_SCALE=0.01` keeps a CI run short.
 */
import { Auth, type AuthConfig } from "@auth/core";
import { encode as stockEncode } from "@auth/core/jwt";
import Credentials from "@auth/core/providers/credentials";
import { z } from "zod";
import { createSafeSession, defineUpdates } from "../src/index.js";

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ROUNDS = Math.max(3, Math.round(9 * Math.min(1, SCALE * 4)));
const BATCH = Math.max(5, Math.round(400 * SCALE));
const ORIGIN = "http://localhost:3000";
const SECRET = "bench-secret-0123456789abcdef0123456789";
const SALT = "authjs.session-token";
const members = new Set(["alice:acme", "alice:globex"]);

const baseConfig = {
  secret: SECRET,
  trustHost: true,
  basePath: "/auth",
  providers: [Credentials({ credentials: {}, authorize: () => null })],
} satisfies AuthConfig;

// Stock: the recipe's callback, which merges whatever the client posts (what safe-session fixes).
const stockConfig: AuthConfig = {
  ...baseConfig,
  callbacks: {
    jwt: ({ token, trigger, session }) => (trigger === "update" && session ? { ...token, ...session } : token),
  },
};

const safe = createSafeSession({
  config: { ...baseConfig },
  updates: defineUpdates({
    selectedCompanyId: {
      schema: z.string().min(1).max(64),
      authorize: ({ value, token }) => members.has(`${token.sub}:${value}`),
    },
  }),
  rateLimit: false,
  env: {},
});

const CSRF_TOKEN = "c".repeat(64);
const csrfHash = Buffer.from(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${CSRF_TOKEN}${SECRET}`))).toString("hex");
const csrfCookie = `authjs.csrf-token=${encodeURIComponent(`${CSRF_TOKEN}|${csrfHash}`)}`;

async function tokens(n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(await stockEncode({ token: { sub: "alice", email: "alice@example.com", name: "Alice", selectedCompanyId: "acme" }, secret: SECRET, salt: SALT }));
  }
  return out;
}

const readRequest = (token: string) => new Request(`${ORIGIN}/auth/session`, { headers: { cookie: `${SALT}=${token}` } });
const updateRequest = (token: string, company: string) =>
  new Request(`${ORIGIN}/auth/session`, {
    method: "POST",
    headers: { cookie: `${SALT}=${token}; ${csrfCookie}`, "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ csrfToken: CSRF_TOKEN, data: { selectedCompanyId: company } }),
  });

interface Operation {
  name: string;
  stock: (token: string, i: number) => Promise<unknown>;
  ours: (token: string, i: number) => Promise<unknown>;
  target: number;
}

const expectOk = async (response: Response) => {
  if (response.status !== 200) throw new Error(`bench: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
};

const operations: Operation[] = [
  {
    name: "server-side getSession (vs stock GET /session)",
    stock: (t) => Auth(readRequest(t), stockConfig).then(expectOk),
    ours: (t) => safe.getSession(readRequest(t)),
    target: 25,
  },
  {
    name: "handler GET /session",
    stock: (t) => Auth(readRequest(t), stockConfig).then(expectOk),
    ours: (t) => safe.handler(readRequest(t)).then(expectOk),
    target: 10,
  },
  {
    name: "POST /session update",
    stock: (t, i) => Auth(updateRequest(t, i % 2 ? "acme" : "globex"), stockConfig).then(expectOk),
    ours: (t, i) => safe.handler(updateRequest(t, i % 2 ? "acme" : "globex")).then(expectOk),
    target: 8,
  },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

/** Wall-clock and CPU (all threads, WebCrypto's pool included) µs per call. */
async function batch(run: (token: string, i: number) => Promise<unknown>, pool: string[]): Promise<[number, number]> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < pool.length; i++) await run(pool[i] as string, i);
  const wall = Number(process.hrtime.bigint() - start) / 1e3 / pool.length;
  const used = process.cpuUsage(cpu);
  return [wall, (used.user + used.system) / pool.length];
}

async function measure(op: Operation, fresh: boolean) {
  const stock: number[] = [];
  const ours: number[] = [];
  const stockCpu: number[] = [];
  const oursCpu: number[] = [];
  const same = (await tokens(1))[0] as string;
  await batch(op.stock, Array(BATCH >> 2).fill(same)); // warm-up
  await batch(op.ours, Array(BATCH >> 2).fill(same));
  for (let round = 0; round < ROUNDS; round++) {
    const pool = fresh ? await tokens(BATCH * 2) : Array(BATCH * 2).fill(same);
    // Interleaved, alternating who goes first.
    const first = round % 2 === 0;
    const a = await batch(first ? op.stock : op.ours, pool.slice(0, BATCH));
    const b = await batch(first ? op.ours : op.stock, pool.slice(BATCH));
    const [s, o] = first ? [a, b] : [b, a];
    stock.push(s[0]);
    ours.push(o[0]);
    stockCpu.push(s[1]);
    oursCpu.push(o[1]);
  }
  return { stock: median(stock), ours: median(ours), cpuRatio: median(stockCpu) / median(oursCpu) };
}

console.log(`safe-session bench · node ${process.version} · ${ROUNDS} interleaved rounds × ${BATCH} calls · BENCH_SCALE=${SCALE}\n`);
console.log(
  "operation".padEnd(52),
  "stock µs/op".padStart(12),
  "ours µs/op".padStart(12),
  "ratio".padStart(8),
  "target".padStart(8),
  "cpu ratio".padStart(10),
);
let met = true;
for (const fresh of [true, false]) {
  for (const op of operations) {
    const { stock, ours, cpuRatio } = await measure(op, fresh);
    const ratio = stock / ours;
    const ok = !fresh || ratio >= op.target;
    met &&= ok;
    const label = `${op.name}${fresh ? "" : " (same token)"}`;
    console.log(
      label.padEnd(52),
      stock.toFixed(1).padStart(12),
      ours.toFixed(1).padStart(12),
      `${ratio.toFixed(1)}×`.padStart(8),
      (fresh ? `≥${op.target}× ${ok ? "✓" : "✗"}` : "").padStart(8),
      `${cpuRatio.toFixed(1)}×`.padStart(10),
    );
  }
}
console.log(`\ntargets (fresh tokens, wall-clock ratio): ${met ? "all met" : "NOT all met"}`);
console.log(`load average while measuring: ${(await import("node:os")).loadavg().map((l) => l.toFixed(2)).join(" ")} on ${(await import("node:os")).cpus().length} cores`);

/**
 * `pnpm bench`: stock @auth/core `Auth()` and safe-session side by side, in one process,
 * interleaved rounds, medians and ratios. Every call gets a token it has never seen unless
 * the row says "same token". Beside each operation, the codec floor measured in the same rounds:
 * one bare jose decrypt of the same tokens (and, for the update, one bare encrypt of what it
 * writes), with the key derived once, timed in the same loop as the calls (the same `Request`
 * built before the clock starts), and the operation's ratio to it. `BENCH_SCALE=0.01` keeps a
 * CI run short.
 */
import { Auth, type AuthConfig } from "@auth/core";
import { encode as stockEncode } from "@auth/core/jwt";
import Credentials from "@auth/core/providers/credentials";
import { createHash } from "node:crypto";
import { CompactEncrypt, compactDecrypt } from "jose";
import { z } from "zod";
import { createSafeSession, defineUpdates } from "../src/index.js";
import { decode, derivedKey, encode } from "../src/crypto/jwt.js";
import { DEFAULT_MAX_AGE } from "../src/time.js";

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
const csrfHash = Buffer.from(
  await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${CSRF_TOKEN}${SECRET}`)),
).toString("hex");
const CSRF_COOKIE = "authjs.csrf-token";
const csrfCookie = `${CSRF_COOKIE}=${encodeURIComponent(`${CSRF_TOKEN}|${csrfHash}`)}`;

// The codec floor: what Auth.js's token format costs at the least, jose alone with the key ready.
const ENC = "A256CBC-HS512";
const codecKey = await derivedKey(ENC, SECRET, SALT);
const decryptOptions = { keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: [ENC] };
const bareDecrypt = (token: string) => compactDecrypt(token, codecKey.key, decryptOptions);
const bareEncrypt = (plaintext: Uint8Array) =>
  new CompactEncrypt(plaintext).setProtectedHeader({ alg: "dir", enc: ENC, kid: codecKey.kid }).encrypt(codecKey.key);

async function tokens(n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      await stockEncode({
        token: { sub: "alice", email: "alice@example.com", name: "Alice", selectedCompanyId: "acme" },
        secret: SECRET,
        salt: SALT,
      }),
    );
  }
  return out;
}

const readRequest = (token: string) =>
  new Request(`${ORIGIN}/auth/session`, { headers: { cookie: `${SALT}=${token}` } });
const updateRequest = (token: string, company: string) =>
  new Request(`${ORIGIN}/auth/session`, {
    method: "POST",
    headers: { cookie: `${SALT}=${token}; ${csrfCookie}`, "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ csrfToken: CSRF_TOKEN, data: { selectedCompanyId: company } }),
  });

/**
 * A reference, not a competitor: the least an update over the Fetch API can do with this codec —
 * read the body and the cookies, check the CSRF hash, decrypt, encrypt, answer with the session
 * cookie and the expired chunk names — and none of the contract's other checks (origin, media
 * type, counted body, allow-list, schema, `authorize`, revision, events). What is left between it
 * and the floor is what the Fetch objects cost; between it and ours, what the contract costs.
 */
const STALE_CHUNKS = [0, 1, 2].map((i) => `${SALT}.${i}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax`);
async function leastUpdate(request: Request): Promise<Response> {
  const body = JSON.parse(await request.text()) as { csrfToken: string; data: { selectedCompanyId: string } };
  const cookies = request.headers.get("cookie") ?? "";
  const cookie = (name: string) => {
    const start = cookies.indexOf(`${name}=`) + name.length + 1;
    const end = cookies.indexOf(";", start);
    return decodeURIComponent(cookies.slice(start, end === -1 ? undefined : end));
  };
  const [csrfToken, hash] = cookie(CSRF_COOKIE).split("|");
  const expected = createHash("sha256").update(`${csrfToken}${SECRET}`).digest("hex");
  if (csrfToken !== body.csrfToken || hash !== expected) throw new Error("bench: CSRF");
  const token = await decode({ token: cookie(SALT), secret: SECRET, salt: SALT });
  if (token === null) throw new Error("bench: no token");
  const next = { ...token, selectedCompanyId: body.data.selectedCompanyId };
  const expires = new Date(Date.now() + DEFAULT_MAX_AGE * 1000);
  const written = `${SALT}=${await encode({ token: next, secret: SECRET, salt: SALT })}; Path=/; Expires=${expires.toUTCString()}; HttpOnly; SameSite=Lax`;
  const session = {
    user: { name: next.name, email: next.email, image: next.picture },
    expires: expires.toISOString(),
    selectedCompanyId: next.selectedCompanyId,
  };
  const headers: [string, string][] = [
    ["content-type", "application/json"],
    ["set-cookie", written],
  ];
  for (const line of STALE_CHUNKS) headers.push(["set-cookie", line]);
  return new Response(JSON.stringify(session), { headers });
}

interface Operation {
  name: string;
  /** The request a framework would hand over: built before the clock starts, for both sides. */
  request: (token: string, i: number) => Request;
  stock: (request: Request) => Promise<unknown>;
  ours: (request: Request) => Promise<unknown>;
  /** Checks safe-session's answer (and drains a body) after the clock stops. */
  check: (result: unknown) => Promise<void>;
  /** Stock µs over ours, at least (fresh tokens; issue #6). */
  target: number;
  /** The floor is a decrypt, or (the update) a decrypt and an encrypt of what it writes. */
  writes: boolean;
  /** Ours over the floor, at most (fresh tokens; issue #16), when the issue sets one. */
  floorTarget?: number;
  /** The least the operation can do over the Fetch API, timed on ours' tokens after the floor. */
  reference?: (request: Request) => Promise<Response>;
}

const expectOk = async (response: unknown) => {
  if (!(response instanceof Response)) throw new Error("bench: not a Response");
  if (response.status !== 200) throw new Error(`bench: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
};
const expectSession = async (session: unknown) => {
  if ((session as { user?: { email?: string } } | null)?.user?.email !== "alice@example.com")
    throw new Error("bench: no session");
};

const operations: Operation[] = [
  {
    name: "server-side getSession (vs stock GET /session)",
    request: readRequest,
    stock: (r) => Auth(r, stockConfig),
    ours: (r) => safe.getSession(r),
    check: expectSession,
    target: 25,
    writes: false,
    floorTarget: 1.5,
  },
  {
    name: "handler GET /session",
    request: readRequest,
    stock: (r) => Auth(r, stockConfig),
    ours: (r) => safe.handler(r),
    check: expectOk,
    target: 10,
    writes: false,
  },
  {
    name: "POST /session update",
    request: (t, i) => updateRequest(t, i % 2 ? "acme" : "globex"),
    stock: (r) => Auth(r, stockConfig),
    ours: (r) => safe.handler(r),
    check: expectOk,
    target: 8,
    writes: true,
    floorTarget: 2,
    reference: leastUpdate,
  },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

interface Sample {
  /** µs per call, the library call alone (Request in, Response or session out). */
  call: number;
  /** µs per call, the whole loop: building the Request and draining the body included. */
  loop: number;
  /** CPU µs per call over the whole loop, all threads (WebCrypto's pool included). */
  cpu: number;
}

async function batch(
  op: Operation,
  side: "stock" | "ours" | "reference",
  pool: string[],
  offset: number,
): Promise<Sample> {
  const run = op[side] as (request: Request) => Promise<unknown>;
  // Stock and the reference answer with a Response; ours with a Response or, for getSession, a session.
  const check = side === "ours" ? op.check : expectOk;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let inCall = 0n;
  for (let i = 0; i < pool.length; i++) {
    const request = op.request(pool[i] as string, offset + i);
    const t0 = process.hrtime.bigint();
    const result = await run(request);
    inCall += process.hrtime.bigint() - t0;
    await check(result);
  }
  const loop = Number(process.hrtime.bigint() - start) / 1e3 / pool.length;
  const used = process.cpuUsage(cpu);
  return { call: Number(inCall) / 1e3 / pool.length, loop, cpu: (used.user + used.system) / pool.length };
}

/** µs per call of the codec floor over `pool`: decrypt, and encrypt of the changed claims. */
async function floorBatch(op: Operation, pool: string[], offset: number) {
  let decrypt = 0n;
  let encrypt = 0n;
  const encoder = new TextEncoder();
  for (let i = 0; i < pool.length; i++) {
    op.request(pool[i] as string, offset + i); // the same allocation the calls see, untimed
    const t0 = process.hrtime.bigint();
    const { plaintext } = await bareDecrypt(pool[i] as string);
    const t1 = process.hrtime.bigint();
    decrypt += t1 - t0;
    if (op.writes) {
      const claims = JSON.parse(new TextDecoder().decode(plaintext)) as Record<string, unknown>;
      const changed = encoder.encode(
        JSON.stringify({ ...claims, selectedCompanyId: (offset + i) % 2 ? "acme" : "globex" }),
      );
      const t2 = process.hrtime.bigint();
      await bareEncrypt(changed);
      encrypt += process.hrtime.bigint() - t2;
    }
  }
  return { decrypt: Number(decrypt) / 1e3 / pool.length, encrypt: Number(encrypt) / 1e3 / pool.length };
}

async function measure(op: Operation, fresh: boolean) {
  const stock: Sample[] = [];
  const ours: Sample[] = [];
  const floors: { decrypt: number; encrypt: number }[] = [];
  const references: Sample[] = [];
  const same = (await tokens(1))[0] as string;
  // Every round's tokens are minted before the warm-up, so the garbage minting leaves is not
  // collected during (and billed to) whichever side happens to run next.
  const minted = fresh ? await tokens(ROUNDS * BATCH * 2) : [];
  await batch(op, "stock", Array(BATCH).fill(same), 0); // warm-up: JIT tiers settle before any round counts
  await batch(op, "ours", Array(BATCH).fill(same), 0);
  await floorBatch(op, Array(BATCH).fill(same), 0);
  if (op.reference) await batch(op, "reference", Array(BATCH).fill(same), 0);
  for (let round = 0; round < ROUNDS; round++) {
    const pool = fresh ? minted.slice(round * BATCH * 2, (round + 1) * BATCH * 2) : Array(BATCH * 2).fill(same);
    // Interleaved, alternating who goes first. The floor runs right after ours, on ours' tokens.
    const first = round % 2 === 0;
    const a = await batch(op, first ? "stock" : "ours", pool.slice(0, BATCH), 0);
    const oursAt = first ? BATCH : 0;
    const afterOurs = async () => {
      floors.push(await floorBatch(op, pool.slice(oursAt, oursAt + BATCH), oursAt));
      if (op.reference) references.push(await batch(op, "reference", pool.slice(oursAt, oursAt + BATCH), oursAt));
    };
    if (!first) await afterOurs();
    const b = await batch(op, first ? "ours" : "stock", pool.slice(BATCH), BATCH);
    if (first) await afterOurs();
    stock.push(first ? a : b);
    ours.push(first ? b : a);
  }
  const of = (samples: Sample[], key: keyof Sample) => median(samples.map((s) => s[key]));
  return {
    stock: of(stock, "call"),
    ours: of(ours, "call"),
    loopRatio: of(stock, "loop") / of(ours, "loop"),
    cpuRatio: of(stock, "cpu") / of(ours, "cpu"),
    decrypt: median(floors.map((f) => f.decrypt)),
    encrypt: op.writes ? median(floors.map((f) => f.encrypt)) : 0,
    reference: op.reference ? of(references, "call") : undefined,
  };
}

const os = await import("node:os");
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
console.log(
  `safe-session bench · node ${process.version} · ${ROUNDS} interleaved rounds × ${BATCH} calls · BENCH_SCALE=${SCALE} · load ${load()} on ${os.cpus().length} cores`,
);
console.log(
  "µs/op: the library call (Request in, answer out), median of rounds; loop: with building the Request and draining the body",
);
console.log(
  "floor: bare jose decrypt of the same tokens (update: + bare encrypt of what it writes), same rounds; ours/floor: the call over it\n",
);
console.log(
  "operation".padEnd(66),
  "stock µs/op".padStart(12),
  "ours µs/op".padStart(12),
  "ratio".padStart(8),
  "target".padStart(8),
  "floor µs".padStart(15),
  "ours/floor".padStart(11),
  "target".padStart(8),
  "loop ratio".padStart(11),
  "cpu ratio".padStart(10),
);
let met = true;
const references: string[] = [];
for (const fresh of [true, false]) {
  for (const op of operations) {
    const { stock, ours, loopRatio, cpuRatio, decrypt, encrypt, reference } = await measure(op, fresh);
    const ratio = stock / ours;
    const floor = decrypt + encrypt;
    const overFloor = ours / floor;
    const ok = !fresh || ratio >= op.target;
    const floorOk = !fresh || op.floorTarget === undefined || overFloor <= op.floorTarget;
    met &&= ok && floorOk;
    const label = `${op.name}${fresh ? "" : " (same token)"}`;
    if (reference !== undefined) {
      references.push(
        `${label}: least update over the Fetch API ${reference.toFixed(1)} µs = ${(reference / floor).toFixed(2)}× floor; ours ${(ours / reference).toFixed(2)}× it`,
      );
    }
    console.log(
      label.padEnd(66),
      stock.toFixed(1).padStart(12),
      ours.toFixed(1).padStart(12),
      `${ratio.toFixed(1)}×`.padStart(8),
      (fresh ? `≥${op.target}× ${ok ? "✓" : "✗"}` : "").padStart(8),
      (op.writes ? `${decrypt.toFixed(1)}+${encrypt.toFixed(1)}` : decrypt.toFixed(1)).padStart(15),
      `${overFloor.toFixed(2)}×`.padStart(11),
      (fresh && op.floorTarget !== undefined ? `≤${op.floorTarget}× ${floorOk ? "✓" : "✗"}` : "").padStart(8),
      `${loopRatio.toFixed(1)}×`.padStart(11),
      `${cpuRatio.toFixed(1)}×`.padStart(10),
    );
  }
}
console.log(
  "\nreference (no contract checks: body, cookies, CSRF hash, decrypt, encrypt, Response with the cookies; same rounds):",
);
for (const line of references) console.log(`  ${line}`);
console.log(
  `\ntargets (fresh tokens; ratio to stock: issue #6, ratio to the codec floor: issue #16): ${met ? "all met" : "NOT all met"}`,
);
console.log(`load average after measuring: ${load()} on ${os.cpus().length} cores`);

// HTTP benchmark: each example app (safe-session) against a stock Auth.js setup of the same
// framework, both production builds started the same way, loaded with autocannon on loopback.
//
//   pnpm bench:http                                   # every framework, 2 rounds of 10 s per operation
//   pnpm --filter @safe-session/bench-http run bench -- --frameworks next --duration 5 --rounds 3
//   … -- --memory                                     # RSS of each safe-session example over 100k reads
//   … -- --cpu-prof                                   # servers write .cpuprofile files into bench/http/profiles
//   … -- --rebuild                                    # rebuild packages, examples and stock apps first
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type StartedApp, startApp } from "@safe-session/conformance/server";
import autocannon from "autocannon";

const { values: args } = parseArgs({
  options: {
    frameworks: { type: "string", default: "next,sveltekit,remix" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    rounds: { type: "string", default: "2" },
    connections: { type: "string", default: "10" },
    rebuild: { type: "boolean", default: false },
    memory: { type: "boolean", default: false },
    requests: { type: "string", default: "100000" },
    "cpu-prof": { type: "boolean", default: false },
    json: { type: "string" },
  },
});

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const HERE = fileURLToPath(new URL(".", import.meta.url));
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const ROUNDS = Number(args.rounds);
const CONNECTIONS = Number(args.connections);
const SECRET = "bench-http-secret-0123456789-0123456789";
const ALICE = { email: "alice@example.com", password: "alice-password" };

type Kind = "stock" | "safe";
interface App {
  framework: string;
  kind: Kind;
  /** Folder relative to the repo root. */
  dir: string;
  basePath: string;
  /** A file the production build leaves behind. */
  built: string;
  buildScript: string;
  /** `node <args>`, as the app's `start` script runs it (no pnpm/npx wrapper in between). */
  start: string[];
}

const NEXT_START = ["node_modules/next/dist/bin/next", "start"];
const SVELTEKIT_START = ["start.js"];
const REMIX_START = ["node_modules/@remix-run/serve/dist/cli.js", "./build/server/index.js"];
// The Remix example is served by its own Express server (it passes the socket's address to the
// sign-in limit); the stock app stays on remix-serve, which adds compression and request logging.
const REMIX_EXAMPLE_START = ["server.js"];
const APPS: Record<string, Record<Kind, App>> = {
  next: {
    stock: {
      framework: "next",
      kind: "stock",
      dir: "bench/http/apps/stock-next",
      basePath: "/api/auth",
      built: ".next/BUILD_ID",
      buildScript: "bench:build",
      start: NEXT_START,
    },
    safe: {
      framework: "next",
      kind: "safe",
      dir: "examples/next",
      basePath: "/api/auth",
      built: ".next/BUILD_ID",
      buildScript: "build",
      start: NEXT_START,
    },
  },
  sveltekit: {
    stock: {
      framework: "sveltekit",
      kind: "stock",
      dir: "bench/http/apps/stock-sveltekit",
      basePath: "/auth",
      built: "build/index.js",
      buildScript: "bench:build",
      start: SVELTEKIT_START,
    },
    safe: {
      framework: "sveltekit",
      kind: "safe",
      dir: "examples/sveltekit",
      basePath: "/auth",
      built: "build/index.js",
      buildScript: "build",
      start: SVELTEKIT_START,
    },
  },
  remix: {
    stock: {
      framework: "remix",
      kind: "stock",
      dir: "bench/http/apps/stock-remix",
      basePath: "/auth",
      built: "build/server/index.js",
      buildScript: "bench:build",
      start: REMIX_START,
    },
    safe: {
      framework: "remix",
      kind: "safe",
      dir: "examples/remix",
      basePath: "/auth",
      built: "build/server/index.js",
      buildScript: "build",
      start: REMIX_EXAMPLE_START,
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Processes: every server we start is registered here and killed (its whole group) on exit.

const running = new Set<Server>();

interface Server extends StartedApp {
  app: App;
}

async function startServer(app: App, db: string, profileDir?: string): Promise<Server> {
  const profile = profileDir
    ? [
        "--cpu-prof",
        `--cpu-prof-dir=${profileDir}`,
        `--cpu-prof-name=${app.framework}-${app.kind}-${Date.now()}.cpuprofile`,
      ]
    : [];
  // As the examples' HTTP tests start them, plus the load settings. Startup cost: spawn until the
  // first answer of the session route (its code loaded and run once), polled every 20 ms.
  const started = await startApp({
    cwd: join(ROOT, app.dir),
    command: process.execPath,
    args: [...profile, ...app.start],
    readyPath: `${app.basePath}/session`,
    pollMs: 20,
    env: {
      AUTH_SECRET: SECRET,
      AUTH_SECRET_1: undefined,
      AUTH_URL: undefined,
      ORIGIN: undefined,
      DEMO_DB: db,
      SAFE_SESSION_RATE_LIMIT_MAX: "1000000000",
      SAFE_SESSION_REVALIDATE_SECONDS: "300",
    },
  });
  const server: Server = {
    ...started,
    app,
    stop: async () => {
      running.delete(server);
      await started.stop();
    },
  };
  running.add(server);
  return server;
}

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {}
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    for (const server of running) if (server.pid) killGroup(server.pid, "SIGKILL");
    process.exit(130);
  });
}
process.on("exit", () => {
  for (const server of running) if (server.pid) killGroup(server.pid, "SIGKILL");
});

/** Resident set of every process in the server's group (the app and anything it forked), in MiB. */
function rssMiB(server: Server): { total: number; processes: { pid: number; rssKiB: number; cmd: string }[] } {
  const group = server.pid;
  const processes: { pid: number; rssKiB: number; cmd: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // pgrp is the 3rd field after the parenthesised command name.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== group) continue;
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").join(" ").trim();
      processes.push({ pid: Number(entry), rssKiB: rss, cmd });
    } catch {
      // the process ended while we read it
    }
  }
  return { total: processes.reduce((sum, p) => sum + p.rssKiB, 0) / 1024, processes };
}

// ---------------------------------------------------------------------------------------------
// One HTTP/1.1 client on 127.0.0.1 with Host: localhost:PORT, for sign-in and the checks.

interface Answer {
  status: number;
  setCookie: string[];
  body: string;
}

function send(
  server: Server,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port: server.port,
        method,
        path,
        headers: { host: `localhost:${server.port}`, ...headers },
        timeout: 10_000,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, setCookie: res.headers["set-cookie"] ?? [], body: text }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

class Jar extends Map<string, string> {
  take(answer: Answer) {
    for (const line of answer.setCookie) {
      const pair = line.split(";")[0] ?? "";
      const eq = pair.indexOf("=");
      const value = pair.slice(eq + 1).trim();
      if (value === "") this.delete(pair.slice(0, eq).trim());
      else this.set(pair.slice(0, eq).trim(), value);
    }
  }
  header(): string {
    return [...this].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

interface Signed {
  cookie: string;
  csrfToken: string;
}

/** Signs alice in as packages/conformance's client does: GET csrf, POST callback/credentials. */
async function signIn(server: Server): Promise<Signed> {
  const jar = new Jar();
  const base = server.app.basePath;
  const csrf = await send(server, "GET", `${base}/csrf`);
  jar.take(csrf);
  // Stock @auth/sveltekit turns the csrf route off (and the check with it): any token does there.
  const csrfToken = csrf.status === 200 ? (JSON.parse(csrf.body) as { csrfToken: string }).csrfToken : "unchecked";
  const form = new URLSearchParams({ csrfToken, ...ALICE, callbackUrl: `${server.origin}/dashboard` }).toString();
  const signedIn = await send(
    server,
    "POST",
    `${base}/callback/credentials`,
    { "content-type": "application/x-www-form-urlencoded", origin: server.origin, cookie: jar.header() },
    form,
  );
  jar.take(signedIn);
  if (signedIn.status < 300 || signedIn.status >= 400 || ![...jar.keys()].some((k) => k.includes("session-token"))) {
    throw new Error(
      `${server.app.dir}: sign-in failed (${signedIn.status}) ${signedIn.body.slice(0, 200)}\n${server.output()}`,
    );
  }
  return { cookie: jar.header(), csrfToken };
}

function updateBody(signed: Signed, companyId: string): string {
  return JSON.stringify({ csrfToken: signed.csrfToken, data: { selectedCompanyId: companyId } });
}

function updateHeaders(server: Server, signed: Signed): Record<string, string> {
  return { cookie: signed.cookie, origin: server.origin, "content-type": "application/json" };
}

/** One read and one update by hand: both apps must answer 200 with the session we expect. */
async function check(server: Server, signed: Signed) {
  const read = await send(server, "GET", `${server.app.basePath}/session`, { cookie: signed.cookie });
  if (read.status !== 200 || !read.body.includes(ALICE.email))
    throw new Error(`${server.app.dir}: GET session ${read.status} ${read.body}`);
  const update = await send(
    server,
    "POST",
    `${server.app.basePath}/session`,
    updateHeaders(server, signed),
    updateBody(signed, "globex"),
  );
  const session = JSON.parse(update.body || "null") as { selectedCompanyId?: string } | null;
  if (update.status !== 200 || session?.selectedCompanyId !== "globex") {
    throw new Error(`${server.app.dir}: POST session ${update.status} ${update.body}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Load.

type Operation = "read" | "update";

interface Run {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
}

function requestsFor(server: Server, signed: Signed, operation: Operation): autocannon.Request[] {
  const path = `${server.app.basePath}/session`;
  if (operation === "read") return [{ method: "GET", path, headers: { cookie: signed.cookie } }];
  const headers = updateHeaders(server, signed);
  return ["acme", "globex"].map((id) => ({ method: "POST" as const, path, headers, body: updateBody(signed, id) }));
}

async function load(
  server: Server,
  requests: autocannon.Request[],
  limit: { duration: number } | { amount: number },
): Promise<Run> {
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: CONNECTIONS,
    headers: { host: `localhost:${server.port}` },
    requests,
    timeout: 10,
    ...limit,
  });
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, (stat as { count: number }).count]),
  );
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statuses,
  };
}

// ---------------------------------------------------------------------------------------------
// Builds: packages (the examples use their dist), then each app's production build.

function pnpm(...pnpmArgs: string[]) {
  console.log(`› pnpm ${pnpmArgs.join(" ")}`);
  execFileSync("pnpm", pnpmArgs, { cwd: ROOT, stdio: "inherit" });
}

function ensureBuilt(frameworks: string[], apps: App[]) {
  // Only the packages these apps load (their dist): never the whole workspace, whose other
  // packages may be half-written by someone else.
  const needed = ["core", "demo-data", ...frameworks];
  const stale = needed.filter((p) => args.rebuild || !existsSync(join(ROOT, "packages", p, "dist", "index.js")));
  if (stale.length > 0) pnpm(...stale.flatMap((p) => ["--filter", `./packages/${p}`]), "run", "build");
  for (const app of apps) {
    if (args.rebuild || !existsSync(join(ROOT, app.dir, app.built)))
      pnpm("--filter", `./${app.dir}`, "run", app.buildScript);
  }
}

// ---------------------------------------------------------------------------------------------

const fmt = (n: number, digits = 0) => n.toFixed(digits);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function machine(): string {
  const [one, five] = loadavg();
  return `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}, load average ${one?.toFixed(2)} / ${five?.toFixed(2)} (1/5 min)`;
}

async function withServers<T>(apps: App[], body: (servers: Server[]) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "bench-http-"));
  const profileDir = args["cpu-prof"] ? join(HERE, "profiles") : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const servers: Server[] = [];
  try {
    // One at a time, so each startup has the machine to itself.
    for (const app of apps)
      servers.push(await startServer(app, join(dir, `${app.framework}-${app.kind}.db`), profileDir));
    return await body(servers);
  } finally {
    for (const server of servers) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Row {
  framework: string;
  operation: Operation | "startup";
  stock: Run[];
  safe: Run[];
}

async function compare(framework: string) {
  const apps = [APPS[framework]!.stock, APPS[framework]!.safe];
  return withServers(apps, async ([stock, safe]) => {
    const servers = { stock: stock!, safe: safe! };
    const startup = { stock: stock!.startupMs, safe: safe!.startupMs };
    const idle = { stock: rssMiB(stock!).total, safe: rssMiB(safe!).total };
    console.log(
      `\n## ${framework}: started stock in ${fmt(startup.stock)} ms (${fmt(idle.stock)} MiB), safe-session in ${fmt(startup.safe)} ms (${fmt(idle.safe)} MiB)`,
    );
    const signed = { stock: await signIn(servers.stock), safe: await signIn(servers.safe) };
    for (const kind of ["stock", "safe"] as const) await check(servers[kind], signed[kind]);
    const rows: Row[] = [];
    for (const operation of ["read", "update"] as const) {
      const row: Row = { framework, operation, stock: [], safe: [] };
      if (WARMUP > 0) {
        for (const kind of ["stock", "safe"] as const)
          await load(servers[kind], requestsFor(servers[kind], signed[kind], operation), { duration: WARMUP });
      }
      for (let round = 1; round <= ROUNDS; round++) {
        for (const kind of ["stock", "safe"] as const) {
          const run = await load(servers[kind], requestsFor(servers[kind], signed[kind], operation), {
            duration: DURATION,
          });
          row[kind].push(run);
          const flag =
            run.non2xx || run.errors
              ? `  ⚠ ${run.non2xx} non-2xx ${JSON.stringify(run.statuses)}, ${run.errors} errors`
              : "";
          console.log(
            `  ${operation.padEnd(6)} round ${round} ${kind.padEnd(5)} ${fmt(run.rps).padStart(6)} req/s  p50 ${fmt(run.p50, 1).padStart(5)} ms  p99 ${fmt(run.p99, 1).padStart(5)} ms  (${run.total} requests)${flag}`,
          );
        }
      }
      rows.push(row);
    }
    const after = { stock: rssMiB(stock!).total, safe: rssMiB(safe!).total };
    return { framework, rows, startup, idle, after };
  });
}

async function memory(framework: string) {
  const app = APPS[framework]!.safe;
  const total = Number(args.requests);
  // A batch is 10 000 reads and 1 000 updates: RSS is sampled every 10k reads.
  return withServers([app], async ([server]) => {
    const signed = await signIn(server!);
    await check(server!, signed);
    const path = `${app.basePath}/session`;
    // Each cycle: one update (its answer's new token is kept) then ten reads with that token, so
    // the reads carry ever new tokens and any per-token cache would grow.
    const cookieName = "authjs.session-token";
    const withToken = (context: Record<string, string | undefined>, cookie: string) =>
      context.token ? cookie.replace(new RegExp(`${cookieName}=[^;]+`), `${cookieName}=${context.token}`) : cookie;
    let fresh = 0;
    const update: autocannon.Request = {
      method: "POST",
      path,
      headers: updateHeaders(server!, signed),
      setupRequest: (request) => ({ ...request, body: updateBody(signed, Math.random() < 0.5 ? "acme" : "globex") }),
      onResponse: (_status, _body, context, headers) => {
        const setCookie = ([] as string[]).concat((headers as Record<string, string | string[]>)["set-cookie"] ?? []);
        const token = setCookie
          .find((c) => c.startsWith(`${cookieName}=`))
          ?.split(";")[0]
          ?.slice(cookieName.length + 1);
        if (token) {
          (context as Record<string, string>).token = token;
          fresh++;
        }
      },
    };
    const read: autocannon.Request = {
      method: "GET",
      path,
      setupRequest: (request, context) => ({
        ...request,
        headers: { ...request.headers, cookie: withToken(context as Record<string, string>, signed.cookie) },
      }),
    };
    const requests = [update, ...Array.from({ length: 10 }, () => read)];
    const series: { reads: number; rss: number }[] = [{ reads: 0, rss: rssMiB(server!).total }];
    console.log(
      `\n## memory: ${framework} (safe-session), ${total} GET /session with ever new tokens, plus one update per 10 reads`,
    );
    console.log(
      `       0 reads  ${fmt(series[0]!.rss, 1)} MiB  (pids ${rssMiB(server!)
        .processes.map((p) => p.pid)
        .join(", ")})`,
    );
    let sent = 0;
    let bad = 0;
    while (sent * (10 / 11) < total - 1) {
      const run = await load(server!, requests, {
        amount: Math.round(Math.min(10_000, total - sent * (10 / 11)) * 1.1),
      });
      sent += run.total;
      bad += run.non2xx + run.errors;
      const rss = rssMiB(server!).total;
      const reads = Math.round(sent * (10 / 11));
      series.push({ reads, rss });
      console.log(
        `  ${String(reads).padStart(6)} reads  ${fmt(rss, 1)} MiB  ${fmt(run.rps)} req/s${run.non2xx || run.errors ? `  ⚠ ${JSON.stringify(run.statuses)} ${run.errors} errors` : ""}`,
      );
    }
    const from = series.find((s) => s.reads >= 20_000) ?? series[0]!;
    const end = series.at(-1)!;
    const growth = (end.rss - from.rss) / from.rss;
    console.log(`  ${fresh} updates answered a new token, each then read 10 times`);
    console.log(
      `  growth from ${from.reads} to ${end.reads} reads: ${fmt(growth * 100, 1)}%${growth > 0.15 ? "  ⚠ over 15%" : ""}${bad ? `  ⚠ ${bad} bad answers` : ""}`,
    );
    if (growth > 0.15 || bad > 0) process.exitCode = 1;
    return { framework, series, growth, bad };
  });
}

async function main() {
  const frameworks = args.frameworks
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of frameworks) if (!APPS[f]) throw new Error(`unknown framework ${f} (next, sveltekit, remix)`);
  ensureBuilt(
    frameworks,
    frameworks.flatMap((f) => (args.memory ? [APPS[f]!.safe] : [APPS[f]!.stock, APPS[f]!.safe])),
  );
  console.log(`# bench/http — ${machine()}`);
  if (args.memory) {
    const results = [];
    for (const f of frameworks) results.push(await memory(f));
    if (args.json) writeFileSync(args.json, JSON.stringify({ machine: machine(), memory: results }, null, 2));
    return;
  }
  console.log(
    `  ${CONNECTIONS} connections, ${DURATION} s per run after ${WARMUP} s warm-up, ${ROUNDS} rounds interleaved stock/safe`,
  );
  const results = [];
  for (const f of frameworks) results.push(await compare(f));

  console.log(
    `\n# summary (mean of ${ROUNDS} rounds; ratio > 1 means safe-session serves more requests/s) — ${machine()}\n`,
  );
  console.log(
    "| framework | operation | stock req/s | safe req/s | safe/stock | stock p50 / p99 ms | safe p50 / p99 ms | errors |",
  );
  console.log("|---|---|---:|---:|---:|---:|---:|---|");
  for (const result of results) {
    for (const row of result.rows) {
      const s = {
        rps: mean(row.stock.map((r) => r.rps)),
        p50: mean(row.stock.map((r) => r.p50)),
        p99: mean(row.stock.map((r) => r.p99)),
      };
      const x = {
        rps: mean(row.safe.map((r) => r.rps)),
        p50: mean(row.safe.map((r) => r.p50)),
        p99: mean(row.safe.map((r) => r.p99)),
      };
      const bad = [...row.stock, ...row.safe].reduce((n, r) => n + r.non2xx + r.errors, 0);
      if (bad > 0) process.exitCode = 1;
      const op = row.operation === "read" ? "GET session" : "POST session (update)";
      console.log(
        `| ${row.framework} | ${op} | ${fmt(s.rps)} | ${fmt(x.rps)} | **${fmt(x.rps / s.rps, 2)}×** | ${fmt(s.p50, 1)} / ${fmt(s.p99, 1)} | ${fmt(x.p50, 1)} / ${fmt(x.p99, 1)} | ${bad ? `⚠ ${bad}` : "0"} |`,
      );
    }
  }
  console.log(
    "\n| framework | startup stock ms | startup safe ms | RSS idle stock / safe MiB | RSS after load stock / safe MiB |",
  );
  console.log("|---|---:|---:|---:|---:|");
  for (const r of results) {
    console.log(
      `| ${r.framework} | ${fmt(r.startup.stock)} | ${fmt(r.startup.safe)} | ${fmt(r.idle.stock)} / ${fmt(r.idle.safe)} | ${fmt(r.after.stock)} / ${fmt(r.after.safe)} |`,
    );
  }
  if (args.json) writeFileSync(args.json, JSON.stringify({ machine: machine(), results }, null, 2));
}

main().catch(async (error) => {
  console.error(error);
  for (const server of [...running]) await server.stop();
  process.exit(1);
});

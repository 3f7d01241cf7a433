// pnpm soak: two app instances (app.ts) sharing one Redis, simulated browsers doing mixed reads,
// updates and refreshes over loopback, Redis killed in the middle and restarted empty. Prints the
// figures RELIABILITY.md reports; exits 1 when a must-be-zero figure is not zero.
//   SOAK_BROWSERS (200), SOAK_OPS (10000), SOAK_OUTAGE_MS (1000), SOAK_DEADLINE_S (600)
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { startRedis } from "../../packages/redis/test/redis-server.js";

const BROWSERS = Number(process.env.SOAK_BROWSERS ?? 200);
const OPS = Number(process.env.SOAK_OPS ?? 10_000);
const OUTAGE_MS = Number(process.env.SOAK_OUTAGE_MS ?? 1000);
const DEADLINE_S = Number(process.env.SOAK_DEADLINE_S ?? 600);
const here = fileURLToPath(new URL(".", import.meta.url));

interface Instance {
  name: string;
  origin: string;
  child: ChildProcess;
}

interface Fields {
  selectedCompanyId?: string;
  name?: string;
}

interface Event {
  instance: string;
  kind: "read" | "update" | "refresh" | "final";
  start: number;
  end: number;
  status: number; // 0: the request itself failed (connection refused or reset)
  code?: string;
}

interface Browser {
  id: number;
  cookies: Map<string, string>;
  csrfToken: string;
  /** The fields of the last update answered 200: what the session must hold at the end. */
  accepted: Fields;
}

const events: Event[] = [];
/** Values of updates that were refused: none may ever show up in Redis or in a session. */
const refusedValues = new Set<string>();
const timers: { killAt?: number; restartAt?: number } = {};

async function startApp(name: string, redisPort: number): Promise<Instance> {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", "app.ts"], {
    cwd: here,
    env: { ...process.env, REDIS_PORT: String(redisPort) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk;
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`app ${name} exited (${code}) before listening`)));
  });
  return { name, origin: `http://127.0.0.1:${port}`, child };
}

function cookieHeader(browser: Browser): string {
  return [...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
}

function applyCookies(browser: Browser, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
    if (!value || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) browser.cookies.delete(name);
    else browser.cookies.set(name, value);
  }
}

async function send(browser: Browser, instance: Instance, kind: Event["kind"], path: string, init: RequestInit = {}) {
  const start = performance.now();
  try {
    const response = await fetch(`${instance.origin}${path}`, {
      ...init,
      redirect: "manual",
      headers: { cookie: cookieHeader(browser), origin: instance.origin, ...init.headers },
    });
    const text = await response.text();
    const json =
      text && response.headers.get("content-type")?.includes("json") ? (JSON.parse(text) as unknown) : undefined;
    const code = (json as { error?: { code?: string } } | undefined)?.error?.code;
    events.push({
      instance: instance.name,
      kind,
      start,
      end: performance.now(),
      status: response.status,
      ...(code ? { code } : {}),
    });
    return { response, json };
  } catch (error) {
    events.push({
      instance: instance.name,
      kind,
      start,
      end: performance.now(),
      status: 0,
      code: String((error as Error).cause ?? error),
    });
    return undefined;
  }
}

async function signIn(id: number, instance: Instance): Promise<Browser> {
  const browser: Browser = { id, cookies: new Map(), csrfToken: "", accepted: {} };
  const csrf = await fetch(`${instance.origin}/auth/csrf`);
  applyCookies(browser, csrf);
  browser.csrfToken = ((await csrf.json()) as { csrfToken: string }).csrfToken;
  const body = new URLSearchParams({ csrfToken: browser.csrfToken, email: `b${id}@soak.test`, password: "soak" });
  const signedIn = await fetch(`${instance.origin}/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: cookieHeader(browser),
      origin: instance.origin,
      "content-type": "application/x-www-form-urlencoded",
    },
    body,
  });
  applyCookies(browser, signedIn);
  if (!browser.cookies.has("authjs.session-token"))
    throw new Error(`browser ${id} did not sign in (${signedIn.status})`);
  return browser;
}

const sessionFields = (json: unknown): Fields => {
  const session = json as { selectedCompanyId?: string; user?: { name?: string } } | null;
  return {
    ...(session?.selectedCompanyId ? { selectedCompanyId: session.selectedCompanyId } : {}),
    ...(session?.user?.name ? { name: session.user.name } : {}),
  };
};

async function main(): Promise<number> {
  const redis = await startRedis();
  const raw = new Redis({ host: "127.0.0.1", port: redis.port, lazyConnect: true });
  raw.on("error", () => {});
  const apps: Instance[] = [];
  const deadline = setTimeout(() => {
    console.error(`soak: over its ${DEADLINE_S} s bound`);
    for (const app of apps) app.child.kill("SIGKILL");
    void redis.stop();
    process.exit(1);
  }, DEADLINE_S * 1000);
  try {
    apps.push(await startApp("A", redis.port), await startApp("B", redis.port));
    const rss = async () =>
      Promise.all(
        apps.map(async (app) => ((await (await fetch(`${app.origin}/__rss`)).json()) as { rss: number }).rss),
      );
    const began = performance.now();
    const browsers = await Promise.all(
      Array.from({ length: BROWSERS }, (_, id) => signIn(id, apps[id % 2] as Instance)),
    );
    const rssStart = await rss();
    const signedInMs = performance.now() - began;

    let next = 0;
    let outage: Promise<void> | undefined;
    const pick = () => apps[Math.floor(Math.random() * apps.length)] as Instance;
    async function browse(browser: Browser): Promise<void> {
      while (next < OPS) {
        const op = next++;
        if (op === Math.floor(OPS / 2)) {
          // Redis dies (SIGKILL) and comes back empty after OUTAGE_MS; the browsers carry on.
          outage = (async () => {
            timers.killAt = performance.now();
            await redis.kill();
            await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
            await redis.start();
            timers.restartAt = performance.now();
          })();
        }
        const roll = Math.random();
        const instance = pick();
        if (roll < 0.6) {
          await send(browser, instance, "read", "/auth/session").then(
            (answer) => answer && applyCookies(browser, answer.response),
          );
          continue;
        }
        const update = roll < 0.9;
        const data: Fields = update
          ? { selectedCompanyId: `c-${browser.id}-${op}`, name: `n-${browser.id}-${op}` }
          : {};
        const answer = await send(browser, instance, update ? "update" : "refresh", "/auth/session", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ csrfToken: browser.csrfToken, data }),
        });
        if (answer?.response.status === 200) {
          applyCookies(browser, answer.response);
          if (update) browser.accepted = data;
        } else if (update) {
          refusedValues.add(data.selectedCompanyId as string).add(data.name as string);
        }
      }
    }
    await Promise.all(browsers.map(browse));
    await outage;
    const loadMs = performance.now() - began - signedInMs;

    // Every browser's session, read through both instances, is its last accepted update.
    let torn = 0;
    let shownRefused = 0;
    for (const browser of browsers) {
      for (const instance of apps) {
        const answer = await send(browser, instance, "final", "/auth/session");
        const fields = sessionFields(answer?.json);
        if (answer?.response.status !== 200 || JSON.stringify(fields) !== JSON.stringify(browser.accepted)) torn++;
        if (Object.values(fields).some((value) => refusedValues.has(value))) shownRefused++;
      }
    }
    // And nothing refused is in Redis (restarted empty: whatever is there was written after it).
    let inRedis = 0;
    let stateKeys = 0;
    for (const key of await raw.keys("safe-session:st:*")) {
      stateKeys++;
      const state = JSON.parse((await raw.get(key)) ?? "{}") as { fields?: Record<string, string> };
      if (Object.values(state.fields ?? {}).some((value) => refusedValues.has(value))) inRedis++;
    }
    const rssEnd = await rss();

    const { killAt = 0, restartAt = 0 } = timers;
    const recovery = apps.map((app) => {
      const first = events.find(
        (e) => e.instance === app.name && e.kind !== "final" && e.start >= restartAt && e.status === 200,
      );
      return first ? first.end - restartAt : Number.NaN;
    });
    const recoveredAt = (name: string) =>
      restartAt + (recovery[apps.findIndex((app) => app.name === name)] ?? Number.NaN);
    const outside = events.filter(
      (e) => e.status === 0 || (e.status >= 500 && (e.end < killAt || !(e.start < recoveredAt(e.instance)))),
    );
    const during = events.filter((e) => e.status >= 500 && !outside.includes(e));
    const not503 = events.filter((e) => e.status >= 500 && !(e.status === 503 && e.code === "UNAVAILABLE"));
    const count = (kind: Event["kind"], status?: number) =>
      events.filter((e) => e.kind === kind && (status === undefined || e.status === status)).length;
    const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    const latencies = events
      .filter((e) => e.kind !== "final" && (e.end < killAt || e.start >= restartAt))
      .map((e) => e.end - e.start)
      .sort((x, y) => x - y);
    const percentile = (p: number) =>
      Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0);
    const report = {
      browsers: BROWSERS,
      operations: OPS,
      reads: `${count("read")} (${count("read", 200)} 200)`,
      updates: `${count("update")} (${count("update", 200)} 200)`,
      refreshes: `${count("refresh")} (${count("refresh", 200)} 200)`,
      signInMs: Math.round(signedInMs),
      loadMs: Math.round(loadMs),
      outageMs: Math.round(restartAt - killAt),
      "latency outside the outage, ms (p50, p99)": [percentile(0.5), percentile(0.99)],
      "5xx during the outage (503 UNAVAILABLE)": during.length,
      "5xx or failed requests outside the outage": outside.length,
      "5xx other than 503 UNAVAILABLE": not503.length,
      "torn sessions (final session ≠ last accepted update, over both instances)": torn,
      "refused updates that appeared later (in a session or in Redis)": shownRefused + inRedis,
      "session states in Redis at the end": stateKeys,
      "recovery after Redis returned, ms (A, B)": recovery.map(Math.round),
      "RSS at start, MiB (A, B)": rssStart.map(mib),
      "RSS at end, MiB (A, B)": rssEnd.map(mib),
    };
    console.log(JSON.stringify(report, null, 2));
    const failed = outside.length + not503.length + torn + shownRefused + inRedis > 0 || recovery.some(Number.isNaN);
    if (failed) console.error("soak: FAILED", outside.slice(0, 5), not503.slice(0, 5));
    return failed ? 1 : 0;
  } finally {
    clearTimeout(deadline);
    raw.disconnect();
    await Promise.all(
      apps.map((app) => {
        const gone = new Promise((resolve) => app.child.once("exit", resolve));
        app.child.kill("SIGTERM");
        return gone;
      }),
    );
    await redis.stop();
  }
}

process.exitCode = await main();

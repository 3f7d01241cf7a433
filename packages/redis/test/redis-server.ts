import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { freePort } from "@safe-session/conformance/server";
import { Redis } from "ioredis";

/**
 * Why the Redis tests cannot run here, or `undefined` when `redis-server` is installed. In CI
 * (`CI` set) a missing server is an error, not a skip: the suite must not pass by not running.
 */
export function redisMissing(): string | undefined {
  const probe = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  if (probe.status === 0) return undefined;
  const reason = "redis-server is not installed (Debian: apt-get install -y redis-server)";
  if (process.env.CI) throw new Error(`@safe-session/redis tests need a real Redis in CI: ${reason}`);
  return reason;
}

export interface RedisServer {
  port: number;
  /** Stops the server (SIGTERM; it exits at once with persistence off). */
  stop(): Promise<void>;
  /** Starts it again on the same port (and the same data folder, if any). */
  start(): Promise<void>;
}

/**
 * A private `redis-server` on a free loopback port, no persistence by default. With `dir`, it keeps
 * an append-only file there, so data survives a stop and start (the outage test needs that).
 */
export async function startRedis(options: { dir?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  const persistence = options.dir
    ? ["--dir", options.dir, "--appendonly", "yes", "--appendfsync", "always", "--save", ""]
    : ["--save", "", "--appendonly", "no"];
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", ...persistence], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let output = "";
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk;
        if (output.includes("Ready to accept connections")) resolve();
      };
      proc.stdout?.on("data", onData);
      proc.stderr?.on("data", onData);
      proc.once("error", reject);
      proc.once("exit", (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)));
    });
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const gone = new Promise((resolve) => proc.once("exit", resolve));
    proc.kill("SIGTERM");
    await gone;
  }

  // A test run that dies before its afterAll must not leave a server behind.
  process.once("exit", () => child?.kill("SIGKILL"));
  await start();
  return { port, start, stop };
}

/** An ioredis client configured as the README recommends (fail fast, never replay late). */
export function redisClient(port: number): Redis {
  const client = new Redis({
    port,
    host: "127.0.0.1",
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 1,
  });
  // Connection errors while the server is away are expected here; calls report them.
  client.on("error", () => {});
  return client;
}

export function whenReady(client: Redis): Promise<void> {
  return client.status === "ready" ? Promise.resolve() : new Promise((resolve) => client.once("ready", () => resolve()));
}

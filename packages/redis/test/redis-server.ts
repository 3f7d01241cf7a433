import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@safe-session/conformance/server";
import { Cluster, Redis } from "ioredis";

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
  /** SIGKILL: dies at once, with whatever it was reading or answering. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that stalls (connections open, nothing answered), then goes on. */
  pause(): void;
  resume(): void;
}

/**
 * A private `redis-server` on a free loopback port, no persistence by default. With `dir`, it keeps
 * an append-only file there, so data survives a stop and start (the outage test needs that).
 */
export async function startRedis(options: { dir?: string; args?: string[]; port?: number } = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const persistence = options.dir
    ? ["--dir", options.dir, "--appendonly", "yes", "--appendfsync", "always", "--save", ""]
    : ["--save", "", "--appendonly", "no"];
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const args = ["--port", String(port), "--bind", "127.0.0.1", ...persistence, ...(options.args ?? [])];
    const proc = spawn("redis-server", args, {
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

  async function end(signal: NodeJS.Signals): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise((resolve) => proc.once("exit", resolve));
    proc.kill(signal);
    await gone;
  }

  // A test run that dies before its afterAll must not leave a server behind.
  process.once("exit", () => child?.kill("SIGKILL"));
  await start();
  return {
    port,
    start,
    stop: () => {
      child?.kill("SIGCONT"); // a paused server ignores SIGTERM until it goes on
      return end("SIGTERM");
    },
    kill: () => end("SIGKILL"),
    pause: () => void child?.kill("SIGSTOP"),
    resume: () => void child?.kill("SIGCONT"),
  };
}

export interface RedisCluster {
  /** The nodes' ports, each a primary with a third of the slots. */
  ports: number[];
  nodes: RedisServer[];
  stop(): Promise<void>;
}

/**
 * A real Redis Cluster of three primaries on free loopback ports (no replicas, no persistence),
 * made by `redis-cli --cluster create`, ready once every node says `cluster_state:ok`.
 */
export async function startCluster(): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), "safe-session-cluster-"));
  const nodes: RedisServer[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      // The cluster bus gets a free port of its own (by default it is port + 10000, maybe taken).
      const [port, bus] = [await freePort(), await freePort()];
      const args = [
        "--cluster-enabled",
        "yes",
        "--cluster-port",
        String(bus),
        "--cluster-config-file",
        join(dir, `nodes-${port}.conf`),
        "--dir",
        dir,
      ];
      nodes.push(await startRedis({ port, args }));
    }
    const ports = nodes.map((node) => node.port);
    const create = spawnSync(
      "redis-cli",
      ["--cluster", "create", ...ports.map((port) => `127.0.0.1:${port}`), "--cluster-replicas", "0", "--cluster-yes"],
      {
        encoding: "utf8",
      },
    );
    if (create.error)
      throw new Error(
        `redis-cli is needed to create the cluster (Debian: redis-tools, which redis-server brings): ${create.error.message}`,
      );
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${create.stdout}${create.stderr}`);
    // The nodes agree on the slots by gossip, shortly after create returns: wait for that.
    for (const port of ports) {
      const node = redisClient(port);
      try {
        await whenReady(node);
        while (!(await node.cluster("INFO")).includes("cluster_state:ok"))
          await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        node.disconnect();
      }
    }
    return {
      ports,
      nodes,
      stop: async () => {
        await Promise.all(nodes.map((node) => node.stop()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * A Redis Sentinel on a free loopback port watching the Redis at `masterPort` as `mymaster`
 * (quorum 1). Returns its port and a stop function.
 */
export async function startSentinel(masterPort: number): Promise<{ port: number; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "safe-session-sentinel-"));
  const port = await freePort();
  const conf = join(dir, "sentinel.conf");
  writeFileSync(
    conf,
    `port ${port}\nbind 127.0.0.1\ndir ${dir}\nsentinel monitor mymaster 127.0.0.1 ${masterPort} 1\n`,
  );
  const proc = spawn("redis-server", [conf, "--sentinel"], { stdio: ["ignore", "pipe", "pipe"] });
  process.once("exit", () => proc.kill("SIGKILL"));
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("+monitor master mymaster")) resolve();
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    proc.once("error", reject);
    proc.once("exit", (code) =>
      reject(new Error(`redis-server --sentinel exited (${code}) before it was ready:\n${output}`)),
    );
  });
  return {
    port,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        const gone = new Promise((resolve) => proc.once("exit", resolve));
        proc.kill("SIGTERM");
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An ioredis Cluster client on `ports`, as an app would make one (ioredis defaults). */
export function clusterClient(ports: number[]): Cluster {
  const client = new Cluster(ports.map((port) => ({ host: "127.0.0.1", port })));
  client.on("error", () => {});
  return client;
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
  return client.status === "ready"
    ? Promise.resolve()
    : new Promise((resolve) => client.once("ready", () => resolve()));
}

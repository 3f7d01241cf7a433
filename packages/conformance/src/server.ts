import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

/** How `startApp` starts an example app and knows it is ready. */
export interface StartAppOptions {
  /** The folder to run in (the example app). */
  cwd: string;
  /** E.g. `node` with `["build/index.js"]`, or `pnpm` with `["start"]`. */
  command: string;
  args?: string[];
  env?: Record<string, string | undefined>;
  /** Polled until it answers below 500. Default `/`. */
  readyPath?: string;
  timeoutMs?: number;
  /** How often readiness is polled; default 150 ms. */
  pollMs?: number;
}

/** An app `startApp` started: where it answers, its process and output. */
export interface StartedApp {
  origin: string;
  port: number;
  /** The process (group leader) serving the app. */
  pid: number | undefined;
  /** Spawn until the first answer below 500: the app's startup cost. */
  startupMs: number;
  /** Everything the app printed so far. */
  output(): string;
  /** Stops the app's whole process group. */
  stop(): Promise<void>;
}

/** A TCP port free on localhost right now, for an app to listen on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Starts an app on a free loopback port and waits until it answers. */
export async function startApp(options: StartAppOptions): Promise<StartedApp> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const spawnedAt = performance.now();
  let output = "";
  const child: ChildProcess = spawn(options.command, options.args ?? [], {
    cwd: options.cwd,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      HOSTNAME: "127.0.0.1",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  let exited = false;
  child.on("exit", () => (exited = true));

  const stop = async () => {
    if (exited || child.pid === undefined) return;
    const gone = new Promise((resolve) => child.once("exit", resolve));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {}
    }, 5000);
    await gone;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`${options.command} exited before it answered:\n${output}`);
    try {
      const response = await fetch(`${origin}${options.readyPath ?? "/"}`, { redirect: "manual" });
      await response.body?.cancel();
      if (response.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.command} did not answer on ${origin} in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 150));
  }
  return { origin, port, pid: child.pid, startupMs: performance.now() - spawnedAt, output: () => output, stop };
}

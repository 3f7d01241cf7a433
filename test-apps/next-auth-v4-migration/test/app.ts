/**
 * The two builds of the app (`STAGE=v4`: the recipe on next-auth 4; `STAGE=safe`: the same app
 * after MIGRATING.md), each served by `next start` on the port the browser already knows, with the
 * same environment: one secret, one public URL.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const APP = fileURLToPath(new URL("..", import.meta.url));
const NEXT = join(APP, "node_modules", ".bin", "next");
export type Stage = "v4" | "safe";

/**
 * The environment of each stage: the same secret (the migrated config reads NEXTAUTH_SECRET) and
 * the same public URL, which Auth.js takes as AUTH_URL (it trusts the host only with AUTH_URL or
 * AUTH_TRUST_HOST; MIGRATING.md's environment step).
 */
export function appEnv(stage: Stage, port: number): Record<string, string> {
  const url = `http://localhost:${port}`;
  return {
    NEXTAUTH_SECRET: "next-auth-v4-migration-test-secret-0123456789",
    ...(stage === "v4" ? { NEXTAUTH_URL: url } : { AUTH_URL: url }),
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

/** Both production builds (`.next/v4`, `.next/safe`), one after the other (they share the cores). */
export async function buildStages(): Promise<void> {
  for (const stage of ["v4", "safe"] satisfies Stage[]) {
    await promisify(execFile)(NEXT, ["build"], {
      cwd: APP,
      env: { ...process.env, STAGE: stage, NEXT_TELEMETRY_DISABLED: "1" },
      maxBuffer: 32 * 1024 * 1024,
    });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface Served {
  origin: string;
  output(): string;
  stop(): Promise<void>;
}

/** `next start` of one stage on `port`, ready once `/api/auth/csrf` answers. */
export async function serve(stage: Stage, port: number): Promise<Served> {
  const origin = `http://localhost:${port}`;
  let output = "";
  const child: ChildProcess = spawn(NEXT, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: APP,
    env: { ...process.env, NODE_ENV: "production", STAGE: stage, ...appEnv(stage, port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const stop = async () => {
    if (gone || child.pid === undefined) return;
    process.kill(-child.pid, "SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone) throw new Error(`next start (${stage}) exited:\n${output}`);
    const status = await fetch(`${origin}/api/auth/csrf`).then(
      (response) => response.status,
      () => 0,
    );
    if (status > 0 && status < 500) return { origin, output: () => output, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start (${stage}) did not answer:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

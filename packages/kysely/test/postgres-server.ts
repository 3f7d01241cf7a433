import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@safe-session/conformance/server";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { TestDb } from "./sqlite.js";

/** The newest Debian PostgreSQL server's bin folder (`/usr/lib/postgresql/<major>/bin`), if any. */
function binaries(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((name) => existsSync(join(root, name, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? undefined : join(root, majors[0], "bin");
}

/**
 * Why the PostgreSQL tests cannot run here, or `undefined` when the server binaries are installed.
 * In CI (`CI` set) a missing server is an error, not a skip: the suite must not pass by not running.
 */
export function postgresMissing(): string | undefined {
  if (binaries()) return undefined;
  const reason = "PostgreSQL server binaries are not installed (Debian: apt-get install -y postgresql)";
  if (process.env.CI) throw new Error(`@safe-session/kysely tests need a real PostgreSQL in CI: ${reason}`);
  return reason;
}

export interface PostgresServer {
  port: number;
  /** A new, empty database on this server, for a test target of its own. */
  createDatabase(name: string): Promise<void>;
  /** A Kysely over `database` through a `pg` pool (destroy it before `stop`). */
  kysely(database: string): TestDb;
  /** Stops the server (fast shutdown) and deletes its folder. */
  stop(): Promise<void>;
}

/**
 * A throwaway cluster: `initdb` into a temp folder, `pg_ctl start` on a free loopback port, trust
 * auth, its socket in the same folder (nothing in /var/run). Runs as the `postgres` OS user when
 * we are root, since postgres refuses to run as root.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = binaries();
  if (!bin) throw new Error("PostgreSQL server binaries are not installed");
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? { uid: id("-u"), gid: id("-g") } : {};
  const dir = mkdtempSync(join(tmpdir(), "safe-session-pg-"));
  if (asRoot) chownSync(dir, owner.uid as number, owner.gid as number);
  const data = join(dir, "data");
  const port = await freePort();

  const run = (command: string, args: string[]) => {
    const result = spawnSync(join(bin, command), args, { ...owner, cwd: dir, encoding: "utf8" });
    if (result.status !== 0) {
      throw new Error(`${command} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
    }
  };
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const settings = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  run("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-o", settings, "-w", "-t", "60", "start"]);

  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(join(bin, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"], { ...owner, cwd: dir });
    rmSync(dir, { recursive: true, force: true });
  };
  // A test run that dies before its afterAll must not leave a server behind.
  process.once("exit", stopNow);

  const pool = (database: string) => {
    const created = new pg.Pool({ host: "127.0.0.1", port, user: "postgres", database, max: 10 });
    // Stopping the throwaway server terminates idle connections ("57P01"): expected at teardown,
    // and a pool without an error listener would turn it into an uncaught exception.
    created.on("error", () => {});
    return created;
  };
  return {
    port,
    async createDatabase(name) {
      const admin = pool("postgres");
      try {
        await admin.query(`CREATE DATABASE "${name}"`);
      } finally {
        await admin.end();
      }
    },
    kysely: (database) => new Kysely({ dialect: new PostgresDialect({ pool: pool(database) }) }),
    async stop() {
      stopNow();
    },
  };
}

function id(flag: "-u" | "-g"): number {
  const result = spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  if (result.status !== 0)
    throw new Error("running PostgreSQL as root needs the `postgres` OS user (Debian's package creates it)");
  return Number(result.stdout.trim());
}

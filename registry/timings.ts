/**
 * What each step of the registry test cost, measured where it runs (the global setup, each test
 * file's worker) and appended to one file per run; the global teardown prints them as one table,
 * so CI's log says where the minutes went.
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";

interface Timing {
  step: string;
  seconds: number;
  detail?: string;
}

export function record(file: string, timing: Timing): void {
  appendFileSync(file, `${JSON.stringify(timing)}\n`);
}

/** Runs `work`, records how long it took (also when it failed), and returns what it returned. */
export async function timed<T>(
  file: string,
  step: string,
  work: () => Promise<T>,
  detail?: (result: T) => string,
): Promise<T> {
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;
  try {
    const result = await work();
    record(file, { step, seconds: seconds(), ...(detail ? { detail: detail(result) } : {}) });
    return result;
  } catch (error) {
    record(file, { step, seconds: seconds(), detail: "FAILED" });
    throw error;
  }
}

export function printTimings(file: string): void {
  if (!existsSync(file)) return;
  const rows = readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Timing);
  const width = Math.max(...rows.map((row) => row.step.length), 4);
  const total = rows.reduce((sum, row) => sum + row.seconds, 0);
  const lines = rows.map(
    (row) =>
      `  ${row.step.padEnd(width)}  ${row.seconds.toFixed(1).padStart(6)} s${row.detail ? `  ${row.detail}` : ""}`,
  );
  console.log(
    `registry test, step by step:\n${lines.join("\n")}\n  ${"total".padEnd(width)}  ${total.toFixed(1).padStart(6)} s`,
  );
}

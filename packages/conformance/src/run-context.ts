import { AsyncLocalStorage } from "node:async_hooks";

/** One request a scenario sent and what came back, for the report of a failure. */
export interface Exchange {
  method: string;
  path: string;
  /** Masked and shortened. */
  body?: string | undefined;
  status?: number;
  setCookies?: string[];
  contentType?: string | undefined;
}

/** The scenario being run, as the harness's `fetch` and pacer see it. */
export interface ScenarioContext {
  id: string;
  exchanges: Exchange[];
  /** Aborts the scenario's requests in flight once it has run out of time. */
  abort: AbortController;
  stopped: boolean;
  /** Time spent waiting for a rate-limit window; it does not count against the scenario's time. */
  pacedMs: number;
  /** When the wait under way began, if one is. */
  pacingSince?: number | undefined;
  /** Session and CSRF tokens the scenario's clients held: the report masks them wherever they appear. */
  secrets?: Set<string>;
}

/** Remembers a token a client holds, so the command's report of the scenario never shows it. */
export function holdsSecret(value: string | undefined): void {
  if (value) scenarioContext()?.secrets?.add(value);
}

const storage = new AsyncLocalStorage<ScenarioContext>();

export function scenarioContext(): ScenarioContext | undefined {
  return storage.getStore();
}

export function runInContext<T>(context: ScenarioContext, run: () => Promise<T>): Promise<T> {
  return storage.run(context, run);
}

/** A margin over the app's 60-second window, for clocks that disagree by a little. */
const WINDOW_MS = 61_000;

export interface Pacer {
  /** Waits until `userId` may make one more update attempt, and counts it. */
  pace(userId: string): Promise<void>;
  /** Waits until `userId` has made no attempt within the window. */
  drain(userId: string): Promise<void>;
}

/**
 * Keeps each user's update attempts at `max` or fewer in any window: then no fixed or sliding
 * window of the app's length can hold more. `false`: the app has no limit.
 */
export function createPacer(max: number | false): Pacer {
  const attempts = new Map<string, number[]>();
  const recent = (userId: string) => {
    const cutoff = Date.now() - WINDOW_MS;
    const list = (attempts.get(userId) ?? []).filter((at) => at > cutoff);
    attempts.set(userId, list);
    return list;
  };
  return {
    async pace(userId) {
      if (max === false) return;
      for (;;) {
        const list = recent(userId);
        if (list.length < max) {
          list.push(Date.now());
          return;
        }
        await wait((list[0] as number) + WINDOW_MS - Date.now() + 10);
      }
    },
    async drain(userId) {
      if (max === false) return;
      const list = recent(userId);
      if (list.length > 0) await wait((list[list.length - 1] as number) + WINDOW_MS - Date.now() + 10);
      attempts.delete(userId);
    },
  };
}

/** Sleeps, counting the time as paced for the scenario, and wakes early when it is stopped. */
async function wait(ms: number): Promise<void> {
  if (ms <= 0) return;
  const context = scenarioContext();
  const started = Date.now();
  if (context) context.pacingSince = started;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    context?.abort.signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  if (context) {
    context.pacedMs += Date.now() - started;
    context.pacingSince = undefined;
    if (context.stopped) throw new Error("the scenario ran out of time");
  }
}

/** The time a scenario has used so far, its waits for a window left out. */
export function usedMs(context: ScenarioContext, started: number): number {
  const now = Date.now();
  return now - started - context.pacedMs - (context.pacingSince === undefined ? 0 : now - context.pacingSince);
}

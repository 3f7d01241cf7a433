import { sha256Hex } from "./csrf.js";
import { storeKeys } from "./session/state.js";
import type { SafeSessionStore } from "./store.js";

export interface AttemptLimit {
  /** Failed attempts allowed in the window; the next attempt is refused until the window ends. */
  max: number;
  windowSeconds: number;
}

/** Failed Credentials sign-ins allowed per account and per client address. */
export interface SignInRateLimitOptions {
  /** Per submitted account (email or username, case-insensitive), existing or not. Default 10 in 15 minutes. */
  perAccount: AttemptLimit | false;
  /** Per client address. Default 100 in 15 minutes. */
  perAddress: AttemptLimit | false;
}

export const DEFAULT_SIGN_IN_RATE_LIMIT: SignInRateLimitOptions = {
  perAccount: { max: 10, windowSeconds: 15 * 60 },
  perAddress: { max: 100, windowSeconds: 15 * 60 },
};

interface Counter {
  key: string;
  limit: AttemptLimit;
}

/**
 * The counters one Credentials sign-in attempt falls under. The account is hashed: the store
 * never holds the emails people typed. Nothing here depends on whether the account exists, so a
 * throttled answer tells an attacker nothing about it.
 */
export async function signInCounters(
  options: SignInRateLimitOptions,
  account: string | undefined,
  address: string | undefined,
): Promise<Counter[]> {
  const counters: Counter[] = [];
  const normalized = account?.trim().toLowerCase();
  if (options.perAccount && normalized) {
    counters.push({ key: storeKeys.signInFailures("account", await sha256Hex(normalized)), limit: options.perAccount });
  }
  if (options.perAddress && address) counters.push({ key: storeKeys.signInFailures("address", address), limit: options.perAddress });
  return counters;
}

/** Seconds until the earliest allowed retry when any counter is locked, else `undefined`. */
export async function lockedFor(store: SafeSessionStore, counters: Counter[], now = Date.now()): Promise<number | undefined> {
  if (counters.length === 0) return undefined;
  const until = await store.get(counters.map((counter) => `${counter.key}:lock`));
  let retryAfter: number | undefined;
  for (const value of until) {
    const ends = Number(value);
    // An absent lock reads as NaN, which is no later than now either.
    if (!(ends > now)) continue;
    retryAfter = Math.max(retryAfter ?? 0, Math.ceil((ends - now) / 1000));
  }
  return retryAfter;
}

/** Counts one failed attempt; a counter that reaches its limit locks until its window ends. */
export async function recordFailure(store: SafeSessionStore, counters: Counter[], now = Date.now()): Promise<void> {
  await Promise.all(
    counters.map(async ({ key, limit }) => {
      const { count, resetAt } = await store.hit(key, limit.windowSeconds);
      if (count < limit.max) return;
      await store.set(`${key}:lock`, String(resetAt), Math.max(1, Math.ceil((resetAt - now) / 1000)));
    }),
  );
}

/** The account a Credentials form names: `email`, else `username`, else its first field that is not a password. */
export function accountOf(form: Record<string, unknown>, declared: Record<string, { type?: string } | undefined>): string | undefined {
  for (const name of ["email", "username"]) if (typeof form[name] === "string") return form[name] as string;
  for (const [name, field] of Object.entries(declared)) {
    if (field?.type !== "password" && name !== "password" && typeof form[name] === "string") return form[name] as string;
  }
  return undefined;
}

/** Whether Auth.js answered a Credentials sign-in as a failed one (wrong account or password). */
export function isFailedCredentials(location: string | null | undefined): boolean {
  // String(null) and String(undefined) name no error.
  return /[?&]error=CredentialsSignin(?:&|$)/.test(String(location));
}

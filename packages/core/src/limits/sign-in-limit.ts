import { sha256Hex } from "../crypto/hash.js";
import { storeKeys } from "../store/keys.js";
import type { SafeSessionStore } from "../store/store.js";

/** At most `max` failed attempts in each window of `windowSeconds`. */
export interface AttemptLimit {
  /** Failed attempts allowed in the window; the next attempt is refused until the window ends. */
  max: number;
  windowSeconds: number;
}

/**
 * Failed Credentials sign-ins allowed. Every attempt is counted before the provider runs and
 * given back when it does not fail, so a burst lets at most `max` reach the provider.
 */
export interface SignInRateLimitOptions {
  /**
   * Per submitted account (email or username, case-insensitive, existing or not) from one client
   * address; where no address is known, per account. Default 10 in 15 minutes.
   */
  perAccount: AttemptLimit | false;
  /**
   * Per account across all addresses: the cap on a distributed guess. Larger than `perAccount`,
   * so someone else's failures lock the owner out only past this many. Default 100 in 15 minutes.
   */
  perAccountAllAddresses: AttemptLimit | false;
  /** Per client address, across accounts. Default 100 in 15 minutes. */
  perAddress: AttemptLimit | false;
}

/** The default failed sign-in limits (10 per account and address, 100 per account and per address, in 15 minutes). */
export const DEFAULT_SIGN_IN_RATE_LIMIT: SignInRateLimitOptions = {
  perAccount: { max: 10, windowSeconds: 15 * 60 },
  perAccountAllAddresses: { max: 100, windowSeconds: 15 * 60 },
  perAddress: { max: 100, windowSeconds: 15 * 60 },
};

export interface Counter {
  key: string;
  limit: AttemptLimit;
}

/**
 * The counters one Credentials sign-in attempt falls under. Accounts and addresses are hashed:
 * the store never holds what people typed, and every key has the same short length whatever a
 * client sends. Nothing here depends on whether the account exists, so a throttled answer tells
 * an attacker nothing about it.
 */
export async function signInCounters(
  options: SignInRateLimitOptions,
  account: string | undefined,
  address: string | undefined,
): Promise<Counter[]> {
  const counters: Counter[] = [];
  const normalized = account?.trim().toLowerCase();
  if (normalized) {
    if (options.perAccount) {
      // The NUL cannot be typed into a form field's value by a person, so no account and address pair another.
      const id = await sha256Hex(`${normalized}\0${address ?? ""}`);
      counters.push({ key: storeKeys.signInFailures("account-address", id), limit: options.perAccount });
    }
    if (options.perAccountAllAddresses) {
      counters.push({
        key: storeKeys.signInFailures("account", await sha256Hex(normalized)),
        limit: options.perAccountAllAddresses,
      });
    }
  }
  if (options.perAddress && address) {
    counters.push({ key: storeKeys.signInFailures("address", await sha256Hex(address)), limit: options.perAddress });
  }
  return counters;
}

const lockOf = (counter: Counter) => `${counter.key}:lock`;

/** Seconds until the earliest allowed retry when any counter is locked, else `undefined`. */
export async function lockedFor(
  store: SafeSessionStore,
  counters: Counter[],
  now = Date.now(),
): Promise<number | undefined> {
  if (counters.length === 0) return undefined;
  const until = await store.get(counters.map(lockOf));
  let retryAfter: number | undefined;
  for (const value of until) {
    const ends = Number(value);
    // An absent lock reads as NaN, which is no later than now either.
    if (!(ends > now)) continue;
    retryAfter = Math.max(retryAfter ?? 0, Math.ceil((ends - now) / 1000));
  }
  return retryAfter;
}

/** One attempt counted under every counter, with what each count came to. */
export interface Reservation {
  counted: { counter: Counter; count: number; resetAt: number }[];
  /** Seconds to wait when a counter is past its limit (the attempt must not run), else `undefined`. */
  retryAfter: number | undefined;
}

/**
 * Counts the attempt before it runs: the store's atomic `hit` gives each of a burst's attempts
 * its own count, so at most `max` of them are let through, however many arrive at once. One past
 * the limit also writes the lock, which a store keeps when it drops counters to make room.
 */
export async function reserveAttempt(
  store: SafeSessionStore,
  counters: Counter[],
  now = Date.now(),
): Promise<Reservation> {
  const counted = await Promise.all(
    counters.map(async (counter) => ({ counter, ...(await store.hit(counter.key, counter.limit.windowSeconds)) })),
  );
  let retryAfter: number | undefined;
  for (const { counter, count, resetAt } of counted) {
    if (count <= counter.limit.max) continue;
    retryAfter = Math.max(retryAfter ?? 0, secondsUntil(resetAt, now));
  }
  if (retryAfter !== undefined) await lockFull(store, counted, now);
  return { counted, retryAfter };
}

/** The attempt failed: it stays counted, and a counter it filled locks until its window ends. */
export async function recordFailure(
  store: SafeSessionStore,
  reservation: Reservation,
  now = Date.now(),
): Promise<void> {
  await lockFull(store, reservation.counted, now);
}

/** The attempt did not fail (signed in, or refused before the provider judged it): its count is given back. */
export async function releaseAttempt(store: SafeSessionStore, reservation: Reservation): Promise<void> {
  await Promise.all(reservation.counted.map(({ counter }) => store.release(counter.key)));
}

async function lockFull(store: SafeSessionStore, counted: Reservation["counted"], now: number): Promise<void> {
  await Promise.all(
    counted
      .filter(({ counter, count }) => count >= counter.limit.max)
      .map(({ counter, resetAt }) => store.set(lockOf(counter), String(resetAt), secondsUntil(resetAt, now))),
  );
}

function secondsUntil(resetAt: number, now: number): number {
  return Math.max(1, Math.ceil((resetAt - now) / 1000));
}

/** The account a Credentials form names: `email`, else `username`, else its first field that is not a password. */
export function accountOf(
  form: Record<string, unknown>,
  declared: Record<string, { type?: string } | undefined>,
): string | undefined {
  for (const name of ["email", "username"]) if (typeof form[name] === "string") return form[name] as string;
  for (const [name, field] of Object.entries(declared)) {
    if (field?.type !== "password" && name !== "password" && typeof form[name] === "string")
      return form[name] as string;
  }
  return undefined;
}

/** Whether Auth.js answered a Credentials sign-in as a failed one (wrong account or password). */
export function isFailedCredentials(location: string | null | undefined): boolean {
  // String(null) and String(undefined) name no error.
  return /[?&]error=CredentialsSignin(?:&|$)/.test(String(location));
}

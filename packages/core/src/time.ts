/** Seconds since the epoch, as JWT claims count time. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Auth.js's default `session.maxAge`: 30 days. */
export const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;

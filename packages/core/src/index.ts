export {
  createSafeSession,
  type ConfigInput,
  type ExactPatch,
  type ResolvedConfig,
  type SafeJWT,
  type SafeSession,
  type SafeSessionData,
  type SafeSessionEvents,
  type SafeSessionOptions,
  type SessionResult,
  type RejectEvent,
  type UpdateEvent,
} from "./safe-session.js";
export {
  defineUpdates,
  RESERVED_CLAIMS,
  type AuthorizeContext,
  type ReservedClaim,
  type UpdateDefinitions,
  type UpdateField,
  type UpdatePatch,
  type UpdatesOf,
  type UpdateValues,
} from "./updates.js";
export {
  ERROR_STATUS,
  SafeSessionError,
  isSafeSessionError,
  parseErrorBody,
  type SafeSessionErrorBody,
  type SafeSessionErrorCode,
} from "./errors.js";
export { DEFAULT_RATE_LIMIT, type RateLimitOptions } from "./rate-limit.js";
export { MemoryStore, type Awaitable, type RateLimitHit, type SafeSessionStore } from "./store.js";
export { redirectLocation } from "./http.js";
export { parseCookies, parseSetCookie, type Cookie, type CookieOptions, type ParsedSetCookie } from "./cookies.js";

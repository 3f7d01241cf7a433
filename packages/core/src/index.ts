export { createSafeSession } from "./create-safe-session.js";
export type {
  ConfigInput,
  ContextArgs,
  ExactPatch,
  NextAuthV4Options,
  ResolvedConfig,
  SafeJWT,
  SafeSession,
  SafeSessionData,
  SafeSessionEvents,
  SafeSessionOptions,
  SessionResult,
  RejectEvent,
  UpdateEvent,
} from "./types.js";
export {
  defineUpdates,
  type AuthorizeContext,
  type UpdateDefinitions,
  type UpdateField,
  type UpdatePatch,
  type UpdatesOf,
  type UpdateValues,
} from "./define-updates.js";
export { RESERVED_CLAIMS, type ReservedClaim } from "./claims.js";
export {
  ERROR_STATUS,
  SafeSessionError,
  isSafeSessionError,
  parseErrorBody,
  type SafeSessionErrorBody,
  type SafeSessionErrorCode,
} from "./errors.js";
export { DEFAULT_RATE_LIMIT, type RateLimitOptions } from "./limits/update-limit.js";
export { forwardedClientAddress, type ForwardedClientAddressOptions } from "./routes/client-address.js";
export { DEFAULT_SIGN_IN_RATE_LIMIT, type AttemptLimit, type SignInRateLimitOptions } from "./limits/sign-in-limit.js";
export {
  MemoryStore,
  type Awaitable,
  type MemoryStoreOptions,
  type RateLimitHit,
  type SafeSessionStore,
} from "./store/store.js";
export { forwardedOrigin, redirectLocation } from "./http/origin.js";
export { formFields } from "./binding/request.js";
export { authRedirect, type AuthRedirect } from "./http/auth-redirect.js";
export {
  getSetCookies,
  parseCookies,
  parseSetCookie,
  type Cookie,
  type CookieOptions,
  type HeadersLike,
  type ParsedSetCookie,
} from "./http/cookies.js";

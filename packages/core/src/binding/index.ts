/**
 * `@safe-session/core/binding`: what every framework binding needs beside `createSafeSession`,
 * in one place, so no binding writes it again: which paths are Auth.js's, following its
 * redirects, cookies for a framework's cookie API, the request helpers and error responses.
 */
export { isAuthPath } from "./auth-path.js";
export { signInPage } from "../routes/path.js";
export { type FollowRedirectOptions, type FollowedRedirect, followRedirect } from "./follow-redirect.js";
export { type FrameworkCookie, type FrameworkCookieOptions, toFrameworkCookie } from "./framework-cookie.js";
export { formFields } from "./request.js";
export { cookieHeaderAfter } from "./request-cookies.js";
export { forwardedOrigin, redirectLocation } from "../http/origin.js";
export { type HeadersLike, getSetCookies, parseCookies } from "../http/cookies.js";
export { SafeSessionError, errorResponse, isSafeSessionError } from "../errors.js";

/** Every way an update can fail, as the HTTP contract names it. */
export const ERROR_STATUS = {
  UNAUTHENTICATED: 401,
  CSRF: 403,
  UNKNOWN_FIELD: 400,
  INVALID_VALUE: 400,
  FORBIDDEN: 403,
  BAD_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  METHOD_NOT_ALLOWED: 405,
  RATE_LIMITED: 429,
  SESSION_TOO_LARGE: 413,
  CONFLICT: 409,
  UNAVAILABLE: 503,
} as const;

/** One of the contract's error codes (`FORBIDDEN`, `CSRF`, …), the keys of `ERROR_STATUS`. */
export type SafeSessionErrorCode = keyof typeof ERROR_STATUS;

/** The JSON body of every refusal: `{ "error": { "code", "message", "field"? } }`. */
export interface SafeSessionErrorBody {
  error: { code: SafeSessionErrorCode; message: string; field?: string };
}

/** What a `SafeSessionError` carries beside its code and message. */
export interface SafeSessionErrorOptions {
  field?: string | undefined;
  cause?: unknown;
  /** Extra response headers (`Allow`, `Retry-After`). */
  headers?: Record<string, string>;
}

/**
 * Every refusal of the contract: a `code`, its HTTP `status`, the `field` it is about.
 *
 * @example
 * throw new SafeSessionError("FORBIDDEN", "Not a member of that company", { field: "selectedCompanyId" });
 */
export class SafeSessionError extends Error {
  override readonly name = "SafeSessionError";
  readonly code: SafeSessionErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly headers: Record<string, string>;

  constructor(code: SafeSessionErrorCode, message: string, options: SafeSessionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.field = options.field;
    this.headers = options.headers ?? {};
  }

  /** The error as the contract's response body. */
  toJSON(): SafeSessionErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field === undefined ? {} : { field: this.field }),
      },
    };
  }
}

/**
 * Whether a caught value is a refusal of the contract.
 *
 * @example
 * if (isSafeSessionError(error)) return fail(error.status, { code: error.code });
 */
export function isSafeSessionError(value: unknown): value is SafeSessionError {
  return value instanceof SafeSessionError;
}

/** Reads an error body from a response of the HTTP contract; `null` when it is not one. */
export function parseErrorBody(body: unknown): SafeSessionErrorBody["error"] | null {
  if (typeof body !== "object" || body === null) return null;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return null;
  const { code, message, field } = error as Record<string, unknown>;
  if (typeof code !== "string" || !Object.hasOwn(ERROR_STATUS, code)) return null;
  return {
    code: code as SafeSessionErrorCode,
    message: typeof message === "string" ? message : code,
    ...(typeof field === "string" ? { field } : {}),
  };
}

/**
 * A refusal as the contract's answer: its status, headers and `{ error: { code, message, field? } }`.
 *
 * @example
 * if (isSafeSessionError(error)) throw errorResponse(error); // Remix answers it with its status
 */
export function errorResponse(error: SafeSessionError): Response {
  const headers = new Headers(error.headers);
  headers.set("content-type", "application/json");
  headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(error.toJSON()), { status: error.status, headers });
}

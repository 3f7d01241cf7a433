import type { JWT } from "@auth/core/jwt";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { SafeSessionError } from "./errors.js";

/** Claims that identify the user or the token: never updatable. */
export const RESERVED_CLAIMS = ["sub", "email", "iat", "exp", "jti", "iss", "aud", "nbf"] as const;
/** A claim that can never be an update field. */
export type ReservedClaim = (typeof RESERVED_CLAIMS)[number];

/** The token claim where safe-session keeps when each revalidated field was last authorized. */
export const VERIFIED_AT_CLAIM = "ssv";
/** A session's id, the same across refreshes and updates (revocation and revisions key on it). */
export const SESSION_ID_CLAIM = "sid";
/** How many updates the session has had; a newer revision in the store wins over an older token. */
export const REVISION_CLAIM = "rev";
const INTERNAL_CLAIMS = [VERIFIED_AT_CLAIM, SESSION_ID_CLAIM, REVISION_CLAIM] as const;

const FORBIDDEN_NAMES = new Set<string>([
  ...RESERVED_CLAIMS,
  ...INTERNAL_CLAIMS,
  "__proto__",
  "constructor",
  "prototype",
]);

// biome-ignore lint/suspicious/noExplicitAny: the widest schema, used only as a constraint.
export type AnySchema = StandardSchemaV1<any, any>;

/** What a field's `authorize` is given. */
export interface AuthorizeContext<Value> {
  /** The parsed value (the schema's output). */
  value: Value;
  /** The current, decrypted token: the user id is `token.sub`, never client input. */
  token: JWT;
  request: Request;
  field: string;
}

/** One updatable field: its schema, and optionally a server-side check and how often it is re-run. */
export interface UpdateField<S extends AnySchema = AnySchema> {
  schema: S;
  /**
   * Passes only when it returns or resolves to exactly `true`. (Method syntax on purpose: it keeps
   * `UpdateField<ZodString>` assignable to `UpdateField<AnySchema>`.)
   */
  authorize?(context: AuthorizeContext<StandardSchemaV1.InferOutput<S>>): unknown;
  /** Re-run `authorize` on reads once this many seconds have passed; the field is dropped when it fails. */
  revalidate?: { everySeconds: number };
}

/** The allow-list: field name → its definition (see `defineUpdates`). */
export type UpdateDefinitions = { readonly [field: string]: UpdateField };

/** What `defineUpdates` returns: one typed definition per field. */
export type UpdatesOf<Schemas extends Record<string, AnySchema>> = {
  [K in keyof Schemas]: UpdateField<Schemas[K]>;
};

/** The same, with identity and token claims turned into `never`, so declaring one fails to compile. */
type Checked<Schemas extends Record<string, AnySchema>> = {
  [K in keyof Schemas]: K extends ReservedClaim | (typeof INTERNAL_CLAIMS)[number] ? never : UpdateField<Schemas[K]>;
};

/** The stored value of each update field, as the schemas produce it. */
export type UpdateValues<U extends UpdateDefinitions> = {
  [K in keyof U]?: StandardSchemaV1.InferOutput<U[K]["schema"]>;
};

/** What a client or a server action may send: the schema's input, or `null` to clear. */
export type UpdatePatch<U extends UpdateDefinitions> = {
  [K in keyof U]?: StandardSchemaV1.InferInput<U[K]["schema"]> | null;
};

/**
 * Declares the allow-listed session fields. Identity and token claims (`sub`, `email`, `iat`,
 * `exp`, `jti`, `iss`, `aud`, `nbf`) are refused here, at compile time and at run time.
 *
 * @example
 * const updates = defineUpdates({
 *   selectedCompanyId: {
 *     schema: z.string().min(1).max(64),
 *     authorize: ({ value, token }) => db.isMember(token.sub!, value), // only `true` passes
 *     revalidate: { everySeconds: 300 },
 *   },
 *   name: { schema: z.string().trim().min(1).max(50) },
 * });
 */
export function defineUpdates<Schemas extends Record<string, AnySchema>>(
  definitions: Checked<Schemas>,
): UpdatesOf<Schemas> {
  assertDefinitions(definitions as unknown as UpdateDefinitions);
  return definitions as UpdatesOf<Schemas>;
}

export function assertDefinitions(definitions: UpdateDefinitions): void {
  if (typeof definitions !== "object" || definitions === null) {
    throw new TypeError("safe-session: `updates` must be an object of field definitions");
  }
  for (const name of Object.keys(definitions)) {
    if (FORBIDDEN_NAMES.has(name)) {
      throw new TypeError(
        `safe-session: "${name}" cannot be an update field: identity and token claims (${RESERVED_CLAIMS.join(", ")}) are never client-updatable`,
      );
    }
    const field = definitions[name];
    if (typeof field?.schema?.["~standard"]?.validate !== "function") {
      throw new TypeError(
        `safe-session: update field "${name}" needs a Standard Schema (zod, valibot, arktype) as \`schema\``,
      );
    }
    const every = field.revalidate?.everySeconds;
    if (every !== undefined && !(Number.isFinite(every) && every >= 0)) {
      throw new TypeError(`safe-session: "${name}".revalidate.everySeconds must be a number >= 0`);
    }
  }
}

const MAX_MESSAGE = 160;

/** A schema issue as a message that names the field and path but never echoes the input. */
function issueMessage(field: string, issue: StandardSchemaV1.Issue | undefined): string {
  const path = (issue?.path ?? [])
    .map((segment) => (typeof segment === "object" ? segment.key : segment))
    .filter((segment) => typeof segment === "string" || typeof segment === "number")
    .join(".");
  const raw = (issue?.message ?? "Invalid value").replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
  const message = raw.length > MAX_MESSAGE ? `${raw.slice(0, MAX_MESSAGE)}…` : raw;
  return `${path ? `${field}.${path}` : field}: ${message}`;
}

/** Every key of the patch is an update field (no reserved, internal or prototype name), or `UNKNOWN_FIELD`. */
export function allowListed(definitions: UpdateDefinitions, data: Record<string, unknown>): string[] {
  const fields = Object.keys(data);
  for (const field of fields) {
    if (!Object.hasOwn(definitions, field) || FORBIDDEN_NAMES.has(field)) {
      throw new SafeSessionError("UNKNOWN_FIELD", `"${printable(field)}" is not an updatable field`, {
        field: printable(field),
      });
    }
  }
  return fields;
}

/** Every value parses with its field's schema (`null` clears without it), or `INVALID_VALUE`. */
export async function parsedValues(
  definitions: UpdateDefinitions,
  data: Record<string, unknown>,
  fields: readonly string[],
): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = Object.create(null);
  for (const field of fields) {
    const input = data[field];
    if (input === null) {
      values[field] = null;
      continue;
    }
    const schema = (definitions[field] as UpdateField).schema;
    let result = schema["~standard"].validate(input);
    if (result instanceof Promise) result = await result;
    if (result.issues) {
      throw new SafeSessionError("INVALID_VALUE", issueMessage(field, result.issues[0]), { field });
    }
    values[field] = result.value;
  }
  return values;
}

/** Field names as they may be shown back: short, and without control characters. */
function printable(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return clean.length > 64 ? `${clean.slice(0, 64)}…` : clean;
}

export type Logger = {
  error: (error: Error) => void;
};

/**
 * Runs `authorize` with a time limit. Only exactly `true` passes; a throw or a time-out
 * counts as no, and is logged by name only (messages may carry secrets).
 */
export async function runAuthorize(
  field: string,
  definition: UpdateField,
  context: Omit<AuthorizeContext<unknown>, "field">,
  timeoutMs: number,
  logger: Logger,
): Promise<boolean> {
  const authorize = definition.authorize;
  if (!authorize) return true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const result = authorize({ ...context, field });
    if (result === true) return true;
    if (!(result instanceof Promise)) return false;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(resolve, timeoutMs, "timeout");
    });
    const settled = await Promise.race([result, timeout]);
    if (settled === "timeout") {
      logger.error(new Error(`safe-session: authorize for "${field}" timed out after ${timeoutMs} ms`));
      return false;
    }
    return settled === true;
  } catch (error) {
    const name = error instanceof Error ? error.name : typeof error;
    logger.error(new Error(`safe-session: authorize for "${field}" threw (${name})`));
    return false;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

import type { JWT } from "@auth/core/jwt";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { FORBIDDEN_FIELD_NAMES, type INTERNAL_CLAIMS, RESERVED_CLAIMS, type ReservedClaim } from "./claims.js";
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
    if (FORBIDDEN_FIELD_NAMES.has(name)) {
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

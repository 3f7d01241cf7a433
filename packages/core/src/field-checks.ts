import type { StandardSchemaV1 } from "@standard-schema/spec";
import { FORBIDDEN_FIELD_NAMES } from "./claims.js";
import type { AuthorizeContext, UpdateDefinitions, UpdateField } from "./define-updates.js";
import { SafeSessionError } from "./errors.js";

/** How a client's values are checked against the definitions: the allow-list, each schema, and
 * `authorize` with its time limit. */

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
    if (!Object.hasOwn(definitions, field) || FORBIDDEN_FIELD_NAMES.has(field)) {
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

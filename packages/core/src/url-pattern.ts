/**
 * The `urlFields` patterns: a small, exact syntax, so what an address names is never a surprise.
 *
 *   /companies/:id        `/companies/acme` (one segment, nothing after it)
 *   /companies/:id/*      `/companies/acme`, `/companies/acme/`, `/companies/acme/invoices/7`
 *
 * A pattern starts with `/`; `:name` stands for exactly one non-empty segment (percent-decoded),
 * and there is exactly one in a pattern; a trailing `/*` takes any rest, none included; every
 * other segment matches itself exactly (case-sensitive). No regular expressions: an app cannot
 * write a pattern whose match it did not mean.
 */
export interface UrlPattern {
  readonly field: string;
  readonly pattern: string;
  /** The segments before and after the parameter (`*` excluded). */
  readonly before: readonly string[];
  readonly after: readonly string[];
  readonly rest: boolean;
}

const PARAM = /^:[A-Za-z_][A-Za-z0-9_]*$/;
const LITERAL = /^[A-Za-z0-9._~!$&'()+,;=@%-]+$/;

/**
 * One pattern checked and split, or a `TypeError` naming what is wrong (thrown once, at start-up).
 *
 * @example
 * compileUrlPattern("selectedCompanyId", "/companies/:id/*");
 */
export function compileUrlPattern(field: string, pattern: string): UrlPattern {
  const fail = (why: string) => new TypeError(`safe-session: urlFields.${field} ${JSON.stringify(pattern)} ${why}`);
  if (typeof pattern !== "string" || !pattern.startsWith("/")) throw fail("must be a path starting with /");
  const segments = pattern.slice(1).split("/");
  const rest = segments.at(-1) === "*";
  if (rest) segments.pop();
  const params = segments.filter((segment) => segment.startsWith(":"));
  if (params.length !== 1) throw fail("must name exactly one :parameter");
  for (const segment of segments) {
    if (segment.startsWith(":") ? !PARAM.test(segment) : !LITERAL.test(segment)) {
      throw fail(
        `has a segment it cannot hold: ${JSON.stringify(segment)} (literal segments, one :name, a trailing /*)`,
      );
    }
  }
  const at = segments.findIndex((segment) => segment.startsWith(":"));
  return { field, pattern, before: segments.slice(0, at), after: segments.slice(at + 1), rest };
}

/**
 * The value a path names for this pattern, or `undefined` when it does not match. A segment
 * whose percent-encoding is broken, or that decodes to a `/` or nothing, names nothing.
 */
export function matchUrlPattern(compiled: UrlPattern, pathname: string): string | undefined {
  const segments = pathname.slice(1).split("/");
  const fixed = compiled.before.length + 1 + compiled.after.length;
  if (!pathname.startsWith("/") || segments.length < fixed) return undefined;
  // `/companies/acme/` has a last, empty segment: a rest only `/*` takes.
  if (segments.length > fixed && !compiled.rest) return undefined;
  const at = compiled.before.length;
  for (let i = 0; i < at; i++) if (segments[i] !== compiled.before[i]) return undefined;
  for (let i = 0; i < compiled.after.length; i++) if (segments[at + 1 + i] !== compiled.after[i]) return undefined;
  let value: string;
  try {
    value = decodeURIComponent(segments[at] as string);
  } catch {
    return undefined;
  }
  return value === "" || value.includes("/") ? undefined : value;
}

/** The first field (in the option's order) whose pattern the path matches, with the value it names. */
export function namedByUrl(
  patterns: readonly UrlPattern[],
  pathname: string,
): { field: string; value: string } | undefined {
  for (const compiled of patterns) {
    const value = matchUrlPattern(compiled, pathname);
    if (value !== undefined) return { field: compiled.field, value };
  }
  return undefined;
}

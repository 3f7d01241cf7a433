/**
 * What the command may print and write: never a secret, a password, a session token, a CSRF token
 * or a cookie's value. Values it was given or saw are replaced wherever they appear; the shapes
 * that carry them (a `password` field, a session cookie, a JWE) are masked even when unknown.
 */

export const MASK = "…";

/** Keys whose values are masked in JSON and in form bodies, whatever the value. */
const KEYS = "password|secret|csrfToken|sessionToken|token|cookie|set-cookie";

const PATTERNS: [RegExp, string][] = [
  // JSON: "password":"…", "sessionToken": "…", also escaped inside a quoted body (\"password\":\"…\").
  [new RegExp(`(\\\\?"(?:${KEYS})\\\\?"\\s*:\\s*)\\\\?"(?:[^"\\\\]|\\\\(?!"))*\\\\?"`, "gi"), `$1"${MASK}"`],
  // Forms and query strings: password=…&
  [new RegExp(`((?:^|[&?\\s])(?:${KEYS})=)[^&\\s"]*`, "gi"), `$1${MASK}`],
  // Cookies by name, in a Cookie or Set-Cookie header or anywhere in a message.
  [/((?:__Secure-|__Host-)?(?:authjs|next-auth)\.[\w.-]+=)[^;,\s"]+/g, `$1${MASK}`],
  // A compact JWE or JWT (the session token itself, whatever carries it), also cut short by a
  // shortened body: a JOSE header's start and what follows it.
  [/eyJ[\w-]{10,}(?:\.[\w-]*)*/g, MASK],
];

/** Shorter known values are not masked by value: they would mangle ordinary words. */
const MIN_KNOWN = 6;
/** A known value this long is masked from its first `HEAD` characters on, so a cut copy is masked too. */
const HEAD = 12;

/** `text` with every start of `value` (its first `HEAD` characters or more) masked: copies cut short. */
function maskCut(text: string, value: string): string {
  if (value.length < HEAD + 4) return text;
  const head = value.slice(0, HEAD);
  let out = "";
  let from = 0;
  for (;;) {
    const at = text.indexOf(head, from);
    if (at < 0) return out + text.slice(from);
    let n = HEAD;
    while (n < value.length && text[at + n] === value[n]) n++;
    out += text.slice(from, at) + MASK;
    from = at + n;
  }
}

export class Masker {
  readonly #known = new Set<string>();

  /** Values to mask wherever they appear (secrets, passwords, tokens seen during the run). */
  add(...values: (string | undefined)[]): this {
    for (const value of values) if (value && value.length >= MIN_KNOWN) this.#known.add(value);
    return this;
  }

  text(input: string, extra: Iterable<string> = []): string {
    const known = [...this.#known, ...[...extra].filter((v) => v.length >= MIN_KNOWN)].sort(
      (a, b) => b.length - a.length,
    );
    let out = input;
    // A value also travels URL-encoded (a form body, a cookie).
    const forms = known.flatMap((value) =>
      encodeURIComponent(value) === value ? [value] : [value, encodeURIComponent(value)],
    );
    // Whole copies first, so two values that share a start (two secrets) are each masked whole.
    for (const value of forms) out = out.split(value).join(MASK);
    for (const value of forms) out = maskCut(out, value);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }

  /** A deep copy of a JSON-able value with every string masked. */
  value<T>(input: T, extra: Iterable<string> = []): T {
    const list = [...extra];
    const walk = (value: unknown): unknown => {
      if (typeof value === "string") return this.text(value, list);
      if (Array.isArray(value)) return value.map(walk);
      if (value !== null && typeof value === "object")
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
      return value;
    };
    return walk(input) as T;
  }
}

/** A config value for an error message: under a secret or password key, its shape only. */
export function shown(path: string, value: unknown): string {
  if (!/secret|password/i.test(path)) return JSON.stringify(value);
  const shape = (v: unknown): unknown =>
    typeof v === "string" || typeof v === "number" ? MASK : Array.isArray(v) ? v.map(shape) : v;
  return JSON.stringify(shape(value));
}

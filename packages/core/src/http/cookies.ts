/** Cookie parsing, serialising and Auth.js-compatible session cookie chunking. */

export interface CookieOptions {
  path?: string;
  domain?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: "lax" | "strict" | "none" | boolean;
  maxAge?: number;
  expires?: Date;
  partitioned?: boolean;
}

/** A cookie to set: name, value and options. */
export interface Cookie {
  name: string;
  value: string;
  options: CookieOptions;
}

/**
 * Parses a `Cookie` header into a null-prototype record; the first value of a name wins, as
 * Auth.js reads them.
 *
 * @example
 * parseCookies("a=1; b=%7C; a=2"); // { a: "1", b: "|" }
 */
export function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (!header) return out;
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(";", start);
    if (end === -1) end = header.length;
    const eq = header.indexOf("=", start);
    if (eq !== -1 && eq < end) {
      const name = header.slice(start, eq).trim();
      if (name && !(name in out)) {
        let value = header.slice(eq + 1, end).trim();
        if (value.charCodeAt(0) === 0x22 && value.charCodeAt(value.length - 1) === 0x22) {
          value = value.slice(1, -1);
        }
        out[name] = value.includes("%") ? safeDecode(value) : value;
      }
    }
    start = end + 1;
  }
  return out;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function serializeCookie({ name, value, options }: Cookie): string {
  let out = `${name}=${encodeURIComponent(value)}`;
  if (options.maxAge !== undefined) out += `; Max-Age=${Math.floor(options.maxAge)}`;
  if (options.domain) out += `; Domain=${options.domain}`;
  out += `; Path=${options.path ?? "/"}`;
  if (options.expires) out += `; Expires=${options.expires.toUTCString()}`;
  if (options.httpOnly) out += "; HttpOnly";
  if (options.secure) out += "; Secure";
  if (options.partitioned) out += "; Partitioned";
  const sameSite = options.sameSite === true ? "strict" : options.sameSite;
  if (sameSite) out += `; SameSite=${sameSite[0]?.toUpperCase()}${sameSite.slice(1)}`;
  return out;
}

// The same budget as Auth.js's SessionStore, so both split a token at the same places.
export const CHUNK_SIZE = 4096 - 160;

/** The raw session token: one cookie, or chunks `name.0 … name.n-1` with none missing. */
export function readChunked(
  cookies: Record<string, string>,
  name: string,
): { value: string | undefined; names: string[]; malformed: boolean } {
  const names: string[] = [];
  const chunks: string[] = [];
  const prefix = `${name}.`;
  for (const key in cookies) {
    // An emptied cookie is an expired one a client kept (as Auth.js's SessionStore treats it).
    if (!cookies[key]) continue;
    if (key === name) names.push(key);
    else if (key.startsWith(prefix)) {
      const index = key.slice(prefix.length);
      names.push(key);
      if (/^(0|[1-9]\d{0,2})$/.test(index)) chunks[Number(index)] = cookies[key] as string;
      else chunks.length = Math.max(chunks.length, 1000); // not a chunk index: malformed
    }
  }
  const single = cookies[name] || undefined;
  if (chunks.length === 0) return { value: single || undefined, names, malformed: false };
  let complete = single === undefined;
  for (let i = 0; i < chunks.length && complete; i++) complete = typeof chunks[i] === "string";
  if (!complete) return { value: undefined, names, malformed: true };
  return { value: chunks.join(""), names, malformed: false };
}

/** Cookies that write `value` (chunked when large) and expire every other chunk in `present`. */
export function chunkCookies(
  name: string,
  value: string,
  options: CookieOptions,
  present: readonly string[],
  expire: (name: string) => Cookie,
): Cookie[] {
  const out: Cookie[] = [];
  const written = new Set<string>();
  if (value.length <= CHUNK_SIZE) {
    out.push({ name, value, options });
    written.add(name);
  } else {
    for (let i = 0, n = Math.ceil(value.length / CHUNK_SIZE); i < n; i++) {
      const chunkName = `${name}.${i}`;
      out.push({ name: chunkName, value: value.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE), options });
      written.add(chunkName);
    }
  }
  for (const stale of present) {
    if (!written.has(stale)) out.push(expire(stale));
  }
  return out;
}

export function expiredCookie(name: string, options: CookieOptions): Cookie {
  const { expires: _expires, ...rest } = options;
  return { name, value: "", options: { ...rest, maxAge: 0 } };
}

/** One `Set-Cookie` header read back by `parseSetCookie`. */
export interface ParsedSetCookie {
  name: string;
  /** The value as sent (percent-encoded). */
  raw: string;
  /** The value decoded, or `undefined` when it does not decode. */
  value: string | undefined;
  /** Only the attributes the header carries. */
  options: CookieOptions;
}

/**
 * One `Set-Cookie` header back into name, value and options, for bindings whose framework sets
 * cookies through its own API (Next's `cookies()`, SvelteKit's `event.cookies`).
 */
export function parseSetCookie(header: string): ParsedSetCookie | undefined {
  const [pair = "", ...attributes] = header.split(";");
  const eq = pair.indexOf("=");
  if (eq <= 0) return undefined;
  const options: CookieOptions = {};
  for (const attribute of attributes) {
    const split = attribute.indexOf("=");
    const key = (split === -1 ? attribute : attribute.slice(0, split)).trim().toLowerCase();
    const value = split === -1 ? "" : attribute.slice(split + 1).trim();
    if (key === "path" && value) options.path = value;
    else if (key === "domain" && value) options.domain = value;
    else if (key === "max-age" && /^-?\d+$/.test(value)) options.maxAge = Number(value);
    else if (key === "expires" && !Number.isNaN(Date.parse(value))) options.expires = new Date(value);
    else if (key === "httponly") options.httpOnly = true;
    else if (key === "secure") options.secure = true;
    else if (key === "partitioned") options.partitioned = true;
    else if (key === "samesite") {
      const sameSite = value.toLowerCase();
      if (sameSite === "lax" || sameSite === "strict" || sameSite === "none") options.sameSite = sameSite;
    }
  }
  const raw = pair.slice(eq + 1).trim();
  let value: string | undefined;
  try {
    value = decodeURIComponent(raw);
  } catch {
    value = undefined;
  }
  return { name: pair.slice(0, eq).trim(), raw, value, options };
}

/** The part of `Headers` every fetch implementation has (Remix's polyfill lacks `getSetCookie()`). */
export interface HeadersLike {
  /** A header's value, or `null`. */
  get(name: string): string | null;
  /** Every header, as `Headers.forEach` calls back. */
  forEach(callback: (value: string, name: string) => void): void;
  /** Each `Set-Cookie` line on its own, where the implementation has it. */
  getSetCookie?: () => string[];
}

// A comma starts a new cookie only when a `name=` follows; the comma inside `Expires=Thu, 01 Jan …`
// is followed by a date, and a cookie value itself may not contain a comma (RFC 6265 cookie-octet).
const COOKIE_BOUNDARY = /,\s*(?=[^;,=\s]+=)/;

/**
 * Every `Set-Cookie` value, one string per cookie, with or without `getSetCookie()`.
 *
 * @example
 * for (const cookie of getSetCookies(response.headers)) headers.append("set-cookie", cookie);
 */
export function getSetCookies(headers: HeadersLike): string[] {
  if (typeof headers.getSetCookie === "function") return headers.getSetCookie();
  const cookies: string[] = [];
  // The Fetch spec (and the polyfill) iterate Set-Cookie one value at a time; older
  // implementations joined them with ", ", which is split back at cookie boundaries.
  headers.forEach((value, name) => {
    if (name.toLowerCase() === "set-cookie") cookies.push(...value.split(COOKIE_BOUNDARY));
  });
  return cookies;
}

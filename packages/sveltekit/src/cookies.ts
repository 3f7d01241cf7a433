/** Core answers with `Set-Cookie` headers; SvelteKit wants them through `event.cookies.set`. */
import type { Cookies } from "@sveltejs/kit";

export type KitCookieOptions = Parameters<Cookies["set"]>[2];

export interface KitCookie {
  name: string;
  value: string;
  options: KitCookieOptions;
}

/**
 * Parses one `Set-Cookie` header into `cookies.set(name, value, options)` arguments.
 * Every flag is explicit because SvelteKit fills missing ones with its own defaults
 * (`httpOnly: true`, `secure: true` off localhost), which would change the cookie.
 */
export function parseSetCookie(header: string): KitCookie | undefined {
  const [pair = "", ...attributes] = header.split(";");
  const eq = pair.indexOf("=");
  if (eq <= 0) return undefined;
  const options: KitCookieOptions = { path: "/", httpOnly: false, secure: false };
  for (const attribute of attributes) {
    const split = attribute.indexOf("=");
    const key = (split === -1 ? attribute : attribute.slice(0, split)).trim().toLowerCase();
    const value = split === -1 ? "" : attribute.slice(split + 1).trim();
    if (key === "path") options.path = value || "/";
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
  const value = decode(raw);
  // SvelteKit encodes the value with encodeURIComponent again, so it gets the decoded one;
  // a value that does not decode is passed through byte for byte.
  if (value === undefined) options.encode = (v) => v;
  return { name: pair.slice(0, eq).trim(), value: value ?? raw, options };
}

/** Copies every `Set-Cookie` of `headers` into `cookies`, in order (a later one for a name wins). */
export function applySetCookies(cookies: Pick<Cookies, "set">, headers: Headers): void {
  for (const header of headers.getSetCookie()) {
    const cookie = parseSetCookie(header);
    if (cookie) cookies.set(cookie.name, cookie.value, cookie.options);
  }
}

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

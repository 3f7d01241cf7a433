/** Auth.js's double-submit CSRF token: cookie `token|sha256(token + secret)`, body `token`. */
import { sha256Hex, timingSafeEqual } from "./hash.js";

function randomHex(bytes: number): string {
  const buffer = crypto.getRandomValues(new Uint8Array(bytes));
  let out = "";
  for (const byte of buffer) out += byte.toString(16).padStart(2, "0");
  return out;
}

/** The token in a cookie value when the cookie is genuine, else `undefined`. */
export async function verifiedCsrfCookie(cookieValue: string | undefined, secret: string): Promise<string | undefined> {
  if (!cookieValue) return undefined;
  const bar = cookieValue.indexOf("|");
  if (bar <= 0) return undefined;
  const token = cookieValue.slice(0, bar);
  const hash = cookieValue.slice(bar + 1);
  return timingSafeEqual(hash, await sha256Hex(`${token}${secret}`)) ? token : undefined;
}

export async function newCsrfCookie(secret: string): Promise<{ token: string; cookieValue: string }> {
  const token = randomHex(32);
  return { token, cookieValue: `${token}|${await sha256Hex(`${token}${secret}`)}` };
}

/** The double-submit check: the body's token equals the one in the signed CSRF cookie (constant time). */
export async function csrfTokenMatches(
  cookieValue: string | undefined,
  secret: string,
  token: unknown,
): Promise<boolean> {
  const cookieToken = await verifiedCsrfCookie(cookieValue, secret);
  return cookieToken !== undefined && typeof token === "string" && timingSafeEqual(cookieToken, token);
}

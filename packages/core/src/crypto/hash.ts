/** SHA-256 in hex and a constant-time comparison, on Node and on edge runtimes alike. */

const encoder = new TextEncoder();

type NodeCrypto = { createHash(algorithm: string): { update(data: string): { digest(encoding: "hex"): string } } };
// On Node (≥ 20.16) a synchronous hash saves WebCrypto's thread-pool round trip on every update;
// elsewhere (edge runtimes) `process.getBuiltinModule` is absent and WebCrypto is used.
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;

export async function sha256Hex(message: string): Promise<string> {
  if (nodeCrypto) return nodeCrypto.createHash("sha256").update(message).digest("hex");
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(message)));
  let out = "";
  for (const byte of digest) out += byte.toString(16).padStart(2, "0");
  return out;
}

/** Compares two strings in time that depends only on the length of `a`. */
export function timingSafeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  // Past the end of `b`, charCodeAt's NaN counts as 0 in `^` (and the lengths already differ).
  for (let i = 0; i !== a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

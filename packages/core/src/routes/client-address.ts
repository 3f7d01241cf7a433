import type { Runtime } from "../config/runtime.js";

/**
 * The client's address for the sign-in limit: what the app's (or its binding's) `clientAddress`
 * says, asked with the request the app's entry point received and what it was handed beside it.
 * Nothing is read from headers here: any client can send `X-Forwarded-For`.
 */
export async function clientAddressOf(rt: Runtime, request: Request): Promise<string | undefined> {
  const { clientAddress } = rt.options;
  if (!clientAddress) return undefined;
  const outer = rt.requests.outer.get(request) ?? request;
  const address = await clientAddress(outer, rt.requests.appContext.get(outer));
  return address || undefined;
}

/** How `forwardedClientAddress` reads the address the app's proxy forwards. */
export interface ForwardedClientAddressOptions {
  /**
   * The header the app's proxy sets: `x-forwarded-for` (nginx with `proxy_add_x_forwarded_for`,
   * AWS load balancers, Vercel), `x-real-ip` (nginx with `proxy_set_header X-Real-IP
   * $remote_addr`), `cf-connecting-ip` (Cloudflare), `x-nf-client-connection-ip` (Netlify).
   * Default `x-forwarded-for`.
   */
  header?: string;
  /**
   * For a list header (`X-Forwarded-For`): how many proxies of the app's own append to it. The
   * client's address is that many entries from the right; entries further left are the client's
   * to write. Default 1.
   */
  proxies?: number;
}

/**
 * The client address a proxy of the app's own adds, for apps that run behind one and can name
 * it. Only then is a forwarded header the client's address: without such a proxy, any client
 * writes whatever it likes there.
 *
 * @example
 * ```ts
 * // Behind one nginx that appends the connection's address to X-Forwarded-For:
 * createSafeSession({ config, updates, clientAddress: forwardedClientAddress({ header: "x-forwarded-for" }) });
 * // On Cloudflare:
 * createSafeSession({ config, updates, clientAddress: forwardedClientAddress({ header: "cf-connecting-ip" }) });
 * ```
 */
export function forwardedClientAddress(
  options: ForwardedClientAddressOptions = {},
): (request: Request) => string | undefined {
  const header = options.header ?? "x-forwarded-for";
  const proxies = options.proxies ?? 1;
  if (!Number.isInteger(proxies) || proxies < 1)
    throw new TypeError("forwardedClientAddress: `proxies` must be a whole number of at least 1");
  return (request) => {
    const value = request.headers.get(header);
    if (value === null) return undefined;
    const entries = value.split(",");
    // Fewer entries than the app's proxies: the header did not come through them.
    return entries.length < proxies ? undefined : entries[entries.length - proxies]?.trim() || undefined;
  };
}

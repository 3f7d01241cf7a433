import { strict as assert } from "node:assert";
import { decode, encode } from "@auth/core/jwt";
import type { Account, Harness } from "./harness.js";
import { holdsSecret } from "./run-context.js";

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: BodyInit | null;
  /** Send no cookies at all. */
  anonymous?: boolean;
}

/** A cookie-jar client for one "browser" of the suite. */
export class Client {
  readonly jar = new Map<string, string>();
  /** Whose session the jar holds, for `Harness.pace`: a user id, or `anonymous`. */
  user = "anonymous";
  /** `false` in the rate-limit scenario, the one place that must reach the limit. */
  paced = true;
  constructor(readonly harness: Harness) {}

  get secure(): boolean {
    return this.harness.origin.startsWith("https:");
  }
  get sessionCookieName(): string {
    return this.harness.sessionCookieName ?? `${this.secure ? "__Secure-" : ""}authjs.session-token`;
  }
  get csrfCookieName(): string {
    return `${this.secure ? "__Host-" : ""}authjs.csrf-token`;
  }
  get field(): string {
    return this.harness.field ?? "selectedCompanyId";
  }

  cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** A copy sharing nothing but the current cookies: a reload, or a second tab. */
  clone(): Client {
    const copy = new Client(this.harness);
    copy.user = this.user;
    copy.paced = this.paced;
    for (const [name, value] of this.jar) copy.jar.set(name, value);
    return copy;
  }

  async send(path: string, options: SendOptions = {}): Promise<Response> {
    const method = options.method ?? "GET";
    if (this.paced && this.harness.pace && this.isUpdateAttempt(path, method)) await this.harness.pace(this.user);
    const headers = new Headers(options.headers);
    if (!options.anonymous && this.jar.size > 0 && !headers.has("cookie")) headers.set("cookie", this.cookieHeader());
    const request = new Request(`${this.harness.origin}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: options.body }),
    });
    const response = await this.harness.fetch(request);
    this.take(response);
    return response;
  }

  take(response: Response): void {
    for (const line of setCookies(response)) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [k = "", v = ""] = a.split("=");
        const key = k.trim().toLowerCase();
        return (key === "max-age" && Number(v) <= 0) || (key === "expires" && Date.parse(v) < Date.now());
      });
      if (expired || value === "") this.jar.delete(name);
      else this.jar.set(name, value);
      // Session and CSRF cookies are credentials: the command's report masks them.
      if (/session-token|csrf-token/.test(name)) holdsSecret(value);
    }
  }

  /** Anything sent to the session route but a plain read may count against the app's rate limit. */
  private isUpdateAttempt(path: string, method: string): boolean {
    const route = this.path("session");
    if (!path.startsWith(route) || (path.length > route.length && path[route.length] !== "?")) return false;
    return method !== "GET" || path.includes("?");
  }

  path(action: string): string {
    return `${this.harness.basePath}/${action}`;
  }

  async csrf(): Promise<string> {
    const response = await this.send(this.path("csrf"));
    assert.equal(response.status, 200, "GET csrf answers 200");
    const body = (await response.json()) as { csrfToken?: unknown };
    assert.equal(typeof body.csrfToken, "string", "GET csrf answers { csrfToken }");
    holdsSecret(body.csrfToken as string);
    return body.csrfToken as string;
  }

  async signIn(account: Account): Promise<void> {
    this.user = account.id;
    if (this.harness.signIn === "token") {
      const token = { sub: account.id, email: account.email, sid: crypto.randomUUID() };
      this.jar.set(
        this.sessionCookieName,
        await encode({ token, secret: this.harness.secrets, salt: this.sessionCookieName }),
      );
      holdsSecret(this.jar.get(this.sessionCookieName));
      return;
    }
    const csrfToken = await this.csrf();
    // As a browser does: a form POST carries its Origin (SvelteKit refuses form POSTs without one).
    const response = await this.send(this.path("callback/credentials"), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: this.harness.origin },
      body: new URLSearchParams({
        csrfToken,
        email: account.email,
        password: account.password,
        callbackUrl: `${this.harness.origin}/dashboard`,
      }),
    });
    await response.body?.cancel();
    assert.ok(response.status >= 300 && response.status < 400, `sign-in redirects (got ${response.status})`);
    assert.ok(this.sessionToken(), "sign-in sets the session cookie");
  }

  async signOut(): Promise<void> {
    const csrfToken = await this.csrf();
    const response = await this.send(this.path("signout"), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: this.harness.origin },
      body: new URLSearchParams({ csrfToken }),
    });
    await response.body?.cancel();
    assert.ok(response.status >= 300 && response.status < 400, `sign-out redirects (got ${response.status})`);
  }

  async session(): Promise<Record<string, unknown> | null> {
    const response = await this.send(this.path("session"));
    assert.equal(response.status, 200, "GET session answers 200");
    const body = (await response.json()) as Record<string, unknown> | null;
    return body && Object.keys(body).length > 0 ? body : null;
  }

  /** POST {basePath}/session as the stock Auth.js clients do. */
  async update(
    data: unknown,
    options: { csrfToken?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const csrfToken = options.csrfToken === undefined ? await this.csrf() : options.csrfToken;
    return this.send(this.path("session"), {
      method: "POST",
      headers: { "content-type": "application/json", ...options.headers },
      body: JSON.stringify(csrfToken === null ? { data } : { csrfToken, data }),
    });
  }

  /**
   * Becomes a user the app has never seen, with a token minted from the target's secret: a fresh
   * rate-limit budget for the scenarios that spend one. The app knows no memberships for it.
   */
  async mint(options: { drain?: boolean } = {}, userId = `synthetic-${crypto.randomUUID()}`): Promise<string> {
    if (!canMint(this.harness)) {
      // No way to make a new user: `other` (`Harness.reuseOther`), after its window empties.
      const { other } = this.harness.users;
      this.jar.clear();
      if (options.drain !== false) await this.harness.drain?.(other.id);
      await this.signIn(other);
      return other.id;
    }
    this.user = userId;
    if (this.harness.strategy === "database") {
      if (!this.harness.createSession) throw new Error("a database target needs `createSession` to mint users");
      this.jar.set(this.sessionCookieName, await this.harness.createSession(userId));
      holdsSecret(this.jar.get(this.sessionCookieName));
      return userId;
    }
    const token = { sub: userId, email: `${userId}@synthetic.test`, name: "Synthetic", sid: crypto.randomUUID() };
    this.jar.set(
      this.sessionCookieName,
      await encode({ token, secret: this.harness.secrets, salt: this.sessionCookieName }),
    );
    holdsSecret(this.jar.get(this.sessionCookieName));
    return userId;
  }

  /** The raw session token, joined from its chunks. */
  sessionToken(): string | undefined {
    const name = this.sessionCookieName;
    if (this.jar.has(name)) return this.jar.get(name);
    const chunks = [...this.jar]
      .filter(([k]) => k.startsWith(`${name}.`))
      .sort(([a], [b]) => Number(a.split(".").pop()) - Number(b.split(".").pop()));
    return chunks.length ? chunks.map(([, v]) => v).join("") : undefined;
  }

  /** The token decoded with stock `@auth/core/jwt` and the target's secrets. */
  async token(): Promise<Record<string, unknown> | null> {
    const token = this.sessionToken();
    // Database sessions carry an opaque id, not a token; without a secret nothing opens it.
    if (!token || this.harness.strategy === "database" || this.harness.secrets.length === 0) return null;
    return (await decode({ token, secret: this.harness.secrets, salt: this.sessionCookieName })) as Record<
      string,
      unknown
    > | null;
  }
}

/** Whether the suite can make a user of its own: a token from the secret, or a database session. */
export function canMint(harness: Harness): boolean {
  return harness.strategy === "database" ? harness.createSession !== undefined : harness.secrets.length > 0;
}

export function setCookies(response: Response): string[] {
  const headers = response.headers as Headers & { getSetCookie?: () => string[] };
  if (typeof headers.getSetCookie === "function") return headers.getSetCookie();
  const joined = headers.get("set-cookie");
  return joined ? joined.split(/,(?=\s*[^;,=\s]+=)/) : [];
}

const VOLATILE = new Set(["iat", "exp", "jti", "ssv"]);

/** What must not change when an update is refused: the session, and the token's claims. */
export async function snapshot(client: Client): Promise<{ session: unknown; claims: unknown }> {
  const session = await client.clone().session();
  const token = await client.token();
  const claims = token && Object.fromEntries(Object.entries(token).filter(([k]) => !VOLATILE.has(k)));
  const { expires: _expires, ...rest } = (session ?? {}) as Record<string, unknown>;
  return { session: session && rest, claims };
}

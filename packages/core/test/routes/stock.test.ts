import { Auth, type AuthConfig } from "@auth/core";
import GitHub from "@auth/core/providers/github";
import { describe, expect, test } from "vitest";
import { createSafeSession } from "../../src/index.js";
import { ORIGIN, memoryAdapter, testConfig, testUpdates } from "../support/fixture.js";
import { csrfPair } from "../support/signed-in.js";

// The handler serves GET /session, POST /session, GET /csrf, Credentials sign-in posts and (JWT)
// sign-out itself; every other method and path pair is Auth()'s, with the config Auth() is given.

// An OAuth provider beside Credentials: its callback is never a Credentials sign-in.
const withGitHub = (config: AuthConfig): AuthConfig => ({
  ...config,
  providers: [...config.providers, GitHub({ clientId: "id", clientSecret: "secret" })],
});

const configs: [string, () => AuthConfig][] = [
  ["JWT sessions", () => withGitHub(testConfig())],
  [
    "database sessions",
    () => withGitHub({ ...testConfig(), adapter: memoryAdapter(), session: { strategy: "database" } }),
  ],
];

function request(path: string, method: string) {
  const csrf = csrfPair();
  if (method === "GET") return new Request(`${ORIGIN}${path}`, { headers: { cookie: csrf.cookie } });
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, cookie: csrf.cookie },
    body: new URLSearchParams({ csrfToken: csrf.token, email: "alice@example.com", password: "alice-password" }),
  });
}

describe.each(configs)("with %s, the routes core does not serve answer as Auth() does", (_, config) => {
  test.each([
    ["POST", "/auth/csrf"],
    ["GET", "/auth/callback/credentials"],
    ["POST", "/auth/callback/unknown-provider"],
    ["POST", "/auth/callback/github"],
    ["POST", "/auth/signin/credentials"],
    ["POST", "/auth/callback"],
    ["POST", "/elsewhere/callback/credentials"],
  ])("%s %s", async (method, path) => {
    const safe = createSafeSession({ config: config(), updates: testUpdates(), env: {} });
    const stock = await Auth(request(path, method), await safe.authConfig(request(path, method)));
    const response = await safe.handler(request(path, method));
    expect(response.status).toBe(stock.status);
    expect(response.headers.get("location")).toBe(stock.headers.get("location"));
    expect(response.headers.getSetCookie().some((line) => line.startsWith("authjs.session-token="))).toBe(false);
  });
});

describe("routes other than sign-out do not read the session cookie", () => {
  test.each([
    ["GET", "/auth/signout"],
    ["POST", "/auth/signin/github"],
    ["POST", "/auth/callback/github"],
  ])("%s %s with an unreadable session cookie logs what Auth() logs", async (method, path) => {
    const run = async (handle: (config: AuthConfig, request: Request) => Promise<Response>) => {
      const logged: string[] = [];
      const config = {
        ...withGitHub(testConfig()),
        logger: { error: (error: Error) => void logged.push(error.name), warn: () => {} },
      };
      const base = request(path, method);
      const headers = new Headers(base.headers);
      headers.set("cookie", `${headers.get("cookie")}; authjs.session-token=not-a-token`);
      await handle(config, new Request(base, { headers }));
      return logged;
    };
    const stock = await run((config, req) => Auth(req, config));
    const ours = await run((config, req) =>
      createSafeSession({ config, updates: testUpdates(), env: {} }).handler(req),
    );
    expect(ours).toEqual(stock);
  });
});

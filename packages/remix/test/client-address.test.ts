import { demoAuth, openDemoStore } from "@safe-session/demo-data";
import { describe, expect, test } from "vitest";
import { type RemixSafeSessionOptions, createRemixSafeSession, defineUpdates, getSetCookies } from "../src/index.js";
import { type App, type LoadContext, ORIGIN, SECRETS, remixApp } from "./app.js";

// The per-address limit of failed Credentials sign-ins counts the address the server put in the
// load context (`clientAddress`), never one a client wrote in a header. AUTH_URL is set, which
// turns on `trustHost`: the setting under which a forwarded header could have been believed.
const PER_ADDRESS = 3;

type Options = RemixSafeSessionOptions<ReturnType<typeof defineUpdates>, unknown>;

async function appWith(loadContext: LoadContext, extra: Pick<Options, "clientAddress"> = {}): Promise<App> {
  const env = { AUTH_SECRET: SECRETS[0], AUTH_URL: ORIGIN };
  const demo = demoAuth({ basePath: "/auth", store: openDemoStore(":memory:"), env });
  const auth = createRemixSafeSession({
    config: demo.config,
    updates: defineUpdates(demo.updates),
    env,
    // Each test posts for distinct accounts, so only the per-address limit can answer 429.
    signInRateLimit: { perAddress: { max: PER_ADDRESS, windowSeconds: 60 } },
    ...extra,
  });
  // `remixApp` is typed for the shared test app's updates; this one has fewer, which it never reads.
  return remixApp(auth as unknown as Parameters<typeof remixApp>[0], {}, loadContext);
}

let account = 0;

/** A wrong password for an account nobody used yet, as `X-Auth-Return-Redirect` clients post it: 429 once throttled. */
async function failedSignIn(app: App, headers: Record<string, string> = {}): Promise<number> {
  const csrf = await app(new Request(`${ORIGIN}/auth/csrf`));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = getSetCookies(csrf.headers)
    .map((line) => line.split(";")[0])
    .join("; ");
  const body = new URLSearchParams({ csrfToken, email: `nobody-${++account}@example.com`, password: "wrong-password" });
  const init = { method: "POST", body, headers: { origin: ORIGIN, cookie, "x-auth-return-redirect": "1", ...headers } };
  const response = await app(new Request(`${ORIGIN}/auth/callback/credentials`, init));
  await response.body?.cancel();
  return response.status;
}

/** The statuses of `count` failed sign-ins, each with its own forged forwarding headers. */
async function forgedAttempts(app: App, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    statuses.push(
      await failedSignIn(app, { "x-forwarded-for": `203.0.113.${i + 1}`, "x-real-ip": `198.51.100.${i + 1}` }),
    );
  }
  return statuses;
}

const limited = [...Array(PER_ADDRESS).fill(200), 429, 429];

describe("remix / the client address of the sign-in limit", () => {
  test("the load context's clientAddress is counted; a forged X-Forwarded-For or X-Real-IP per post does not change it", async () => {
    let socket = "192.0.2.10";
    const app = await appWith(() => ({ clientAddress: socket }));
    expect(await forgedAttempts(app, PER_ADDRESS + 2)).toEqual(limited);
    // Another connection's address has its own count: it is the context's address that is limited.
    socket = "192.0.2.11";
    expect(await failedSignIn(app)).toBe(200);
  });

  test("without a clientAddress in the load context no address is counted, forwarded headers or not", async () => {
    for (const context of [() => undefined, () => ({}), () => ({ clientAddress: 42 })]) {
      const app = await appWith(context);
      expect(await forgedAttempts(app, PER_ADDRESS + 2)).toEqual(Array(PER_ADDRESS + 2).fill(200));
    }
  });

  test("an app's own clientAddress wins over the load context's, and gets the context", async () => {
    const seen: unknown[] = [];
    let address = "app-address-1";
    const app = await appWith(() => ({ clientAddress: "192.0.2.20" }), {
      clientAddress: (_request, context) => {
        seen.push(context);
        return address;
      },
    });
    expect(await forgedAttempts(app, PER_ADDRESS + 2)).toEqual(limited);
    expect(seen.at(-1)).toEqual({ clientAddress: "192.0.2.20" });
    // Same load context, another address from the app's function: counted apart.
    address = "app-address-2";
    expect(await failedSignIn(app)).toBe(200);
  });
});

import { CONTRACT_COMPANIES, CONTRACT_USERS, httpHarness, runConformance } from "@safe-session/conformance";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BASE_PATH, RATE_LIMIT_MAX, SECRETS, type StartedRouterApp, startRouterApp } from "./app.js";

// The whole contract over real HTTP against the React Router 8 production build on this Node.
let app: StartedRouterApp | undefined;
runConformance({
  name: `react-router 8 (http, node ${process.versions.node})`,
  async setup() {
    app = await startRouterApp();
    const { store } = app;
    return httpHarness({
      origin: app.origin,
      basePath: BASE_PATH,
      secrets: SECRETS,
      users: CONTRACT_USERS,
      companies: CONTRACT_COMPANIES,
      nameField: true,
      signInForm: { path: "/?index" },
      revalidateSeconds: 0,
      rateLimitMax: RATE_LIMIT_MAX,
      revokeMembership: (userId, companyId) => store.revoke(userId, companyId),
      grantMembership: (userId, companyId) => store.grant(userId, companyId),
      fuzzRuns: 300,
    });
  },
  teardown: () => app?.stop(),
});

describe(`react-router 8 (http, node ${process.versions.node}) / the client address of the sign-in limit`, () => {
  // Its own instance, so the conformance run's failed sign-ins from the same address stay out.
  let own: StartedRouterApp;
  beforeAll(async () => {
    own = await startRouterApp();
  });
  afterAll(async () => {
    await own?.stop();
  });

  test("server.js counts the connection's address: 110 failed sign-ins for distinct accounts, each with a new forged X-Forwarded-For and X-Real-IP, hit the limit at 100", async () => {
    const csrf = await fetch(`${own.origin}${BASE_PATH}/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    // Where each attempt was sent back: Auth.js's `error=` code (CredentialsSignin, RateLimited).
    const outcomes: string[] = [];
    for (let i = 0; i < 110; i++) {
      const fields = { email: `address-limit-${i}@example.com`, password: "wrong-password" };
      const forged = {
        "x-forwarded-for": `203.0.113.${i + 1}`,
        "x-real-ip": `198.51.100.${i + 1}`,
        origin: own.origin,
      };
      // Half to Auth.js's own endpoint, half to the home page's action (`auth.signIn` with the
      // load context): one count per address across both.
      const response =
        i % 2 === 0
          ? await fetch(`${own.origin}${BASE_PATH}/callback/credentials`, {
              method: "POST",
              redirect: "manual",
              headers: { ...forged, cookie, "content-type": "application/x-www-form-urlencoded" },
              body: new URLSearchParams({ ...fields, csrfToken }),
            })
          : await fetch(`${own.origin}/?index`, {
              method: "POST",
              redirect: "manual",
              headers: { ...forged, accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
              body: new URLSearchParams(fields),
            });
      await response.body?.cancel();
      expect(response.status, `attempt ${i + 1}`).toBe(302);
      outcomes.push(new URL(response.headers.get("location") ?? "", own.origin).searchParams.get("error") ?? "none");
    }
    expect(outcomes.slice(0, 100)).toEqual(Array(100).fill("CredentialsSignin"));
    expect(outcomes.slice(100)).toEqual(Array(10).fill("RateLimited"));
  });
});

import { runConformance } from "@safe-session/conformance";
import { describe, expect, test } from "vitest";
import { ORIGIN, createTestAuth, harness, helperFlow, remixApp } from "./app.js";

// The binding's `loader`/`action` as Remix's splat resource route, served by Remix's own request
// handler on Node's native fetch (as under `remix vite:dev`, or `remix-serve` with v3_singleFetch).
runConformance({
  name: "remix",
  async setup() {
    const { auth, store } = createTestAuth();
    return harness(await remixApp(auth), store, { revokeUser: (userId) => auth.safe.revokeUser(userId) });
  },
});

helperFlow("remix", () => remixApp(createTestAuth().auth));

describe("remix / the auth route", () => {
  test("with AUTH_URL set, Auth.js builds its URLs on that origin, whatever the Host header made of request.url", async () => {
    const { auth } = createTestAuth({ env: { AUTH_URL: ORIGIN } });
    // remix-serve builds request.url from the Host header (and X-Forwarded-Host behind `trust proxy`).
    const forged = new Request("http://evil.example/auth/providers", { headers: { host: "evil.example" } });
    const providers = (await (await auth.loader({ request: forged })).json()) as Record<string, { signinUrl: string; callbackUrl: string }>;
    expect(providers.credentials?.signinUrl).toBe(`${ORIGIN}/auth/signin/credentials`);
    expect(providers.credentials?.callbackUrl).toBe(`${ORIGIN}/auth/callback/credentials`);
  });
});

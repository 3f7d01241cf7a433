import { runConformance } from "@safe-session/conformance";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { createRemixSafeSession, defineUpdates } from "../src/index.js";
import { ORIGIN, SECRETS, createTestAuth, harness, helperFlow, remixApp } from "./app.js";

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

describe("remix / the load context", () => {
  test("reaches the config function from the auth route's loader and action and from server calls", async () => {
    const seen: unknown[] = [];
    const auth = createRemixSafeSession({
      config: (_request, context: { tenant: string }) => {
        seen.push(context.tenant);
        return { providers: [], secret: SECRETS, basePath: "/auth" };
      },
      updates: defineUpdates({ selectedCompanyId: { schema: z.string() } }),
      env: {},
    });
    expect(
      (await auth.loader({ request: new Request(`${ORIGIN}/auth/session`), context: { tenant: "loader" } })).status,
    ).toBe(200);
    const update = new Request(`${ORIGIN}/auth/session`, {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/json" },
      body: "{}",
    });
    // A body without `data`: refused after the config resolved.
    expect((await auth.action({ request: update, context: { tenant: "action" } })).status).toBe(400);
    expect(await auth.getSession(new Request(`${ORIGIN}/page`), { tenant: "getSession" })).toBeNull();
    const required = await auth
      .requireSession(new Request(`${ORIGIN}/private`), {}, { tenant: "requireSession" })
      .catch((thrown: Response) => thrown);
    expect((required as Response).headers.get("location")).toBe("/auth/signin?callbackUrl=%2Fprivate");
    expect(seen).toEqual(["loader", "action", "getSession", "requireSession"]);
  });
});

describe("remix / the auth route", () => {
  test("with AUTH_URL set, Auth.js builds its URLs on that origin, whatever the Host header made of request.url", async () => {
    const { auth } = createTestAuth({ env: { AUTH_URL: ORIGIN } });
    // remix-serve builds request.url from the Host header (and X-Forwarded-Host behind `trust proxy`).
    const forged = new Request("http://evil.example/auth/providers", { headers: { host: "evil.example" } });
    const providers = (await (await auth.loader({ request: forged })).json()) as Record<
      string,
      { signinUrl: string; callbackUrl: string }
    >;
    expect(providers.credentials?.signinUrl).toBe(`${ORIGIN}/auth/signin/credentials`);
    expect(providers.credentials?.callbackUrl).toBe(`${ORIGIN}/auth/callback/credentials`);
  });
});

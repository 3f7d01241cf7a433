import { type Server, createServer } from "node:http";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { testConfig } from "../../core/test/support/fixture.js";
import { createPagesSafeSession, defineUpdates } from "../src/pages.js";
import { SECRETS } from "./fixture.js";

// next-auth 4.24.15's own `encode` (core's devDependency) mints the v4 cookie.
const coreRequire = createRequire(fileURLToPath(new URL("../../core/package.json", import.meta.url)));
const { encode: v4Encode } = coreRequire("next-auth/jwt") as {
  encode(params: { token: Record<string, unknown>; secret: string }): Promise<string>;
};

const { getServerSession } = createPagesSafeSession({
  config: { ...testConfig(SECRETS), basePath: "/api/auth" },
  updates: defineUpdates({}),
  env: {},
  nextAuthV4: true,
});

/** A Pages Router API route: the session first, then the route reads its own body. */
const server: Server = createServer(async (req, res) => {
  res.setHeader("set-cookie", "route=own");
  const session = await getServerSession(req, res);
  let body = "";
  for await (const chunk of req) body += chunk;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ session, body }));
});
let origin = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("pages / getServerSession(req, res)", () => {
  test("answers the session of a v4 cookie, appends the re-issue and the v4 expiry to res after the route's own cookies, and leaves the body to the route", async () => {
    const v4 = await v4Encode({ token: { sub: "alice", email: "alice@example.com" }, secret: SECRETS[1] as string });
    const response = await fetch(`${origin}/api/things`, {
      method: "POST",
      headers: { cookie: `next-auth.session-token=${v4}` },
      body: "the route's body",
    });
    expect(await response.json()).toMatchObject({
      session: { user: { email: "alice@example.com" } },
      body: "the route's body",
    });
    const lines = response.headers.getSetCookie();
    expect(lines[0]).toBe("route=own");
    expect(lines).toContainEqual(expect.stringMatching(/^authjs\.session-token=[^;]+; Path=\//));
    expect(lines).toContainEqual(expect.stringMatching(/^next-auth\.session-token=; Max-Age=0/));
  });

  test("no cookie: null, and nothing set", async () => {
    const response = await fetch(`${origin}/`);
    expect(await response.json()).toMatchObject({ session: null });
    expect(response.headers.getSetCookie()).toEqual(["route=own"]);
  });
});

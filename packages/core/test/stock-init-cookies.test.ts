import { Auth, type AuthConfig, skipCSRFCheck } from "@auth/core";
import { describe, expect, test } from "vitest";
import { createSafeSession } from "../src/index.js";
import { ORIGIN, createTestSession, testConfig, testUpdates } from "./fixture.js";

const names = (response: Response) => response.headers.getSetCookie().map((line) => line.slice(0, line.indexOf("=")));

describe("the cookies Auth.js sets on every route, on the routes core serves", () => {
  test("GET /session of a new browser: the CSRF and callback-URL cookies, as stock sets them", async () => {
    const stock = await Auth(new Request(`${ORIGIN}/auth/session`), testConfig());
    const response = await createTestSession().handler(new Request(`${ORIGIN}/auth/session`));
    expect(names(response).sort()).toEqual(names(stock).sort());
    expect(names(response)).toContain("authjs.csrf-token");
  });

  test.each<[string, Partial<AuthConfig>]>([
    ["over https", {}],
    ["over https with useSecureCookies: false", { useSecureCookies: false }],
  ])("GET /session %s: the cookies stock sets, with their secure names and attributes", async (_, extra) => {
    const config: AuthConfig = { ...testConfig(), ...extra };
    const url = "https://app.example/auth/session";
    const stock = await Auth(new Request(url), config);
    const response = await createSafeSession({ config, updates: testUpdates(), env: {} }).handler(new Request(url));
    const attributes = (r: Response) =>
      r.headers
        .getSetCookie()
        .map((line) => `${line.slice(0, line.indexOf("="))} ${/; Secure/i.test(line)}`)
        .sort();
    expect(attributes(response)).toEqual(attributes(stock));
    expect(attributes(response)).toHaveLength(2);
  });

  test("with skipCSRFCheck, GET /session sets no CSRF cookie, as stock", async () => {
    const config: AuthConfig = { ...testConfig(), skipCSRFCheck };
    const stock = await Auth(new Request(`${ORIGIN}/auth/session`), config);
    const response = await createSafeSession({ config, updates: testUpdates(), env: {} }).handler(
      new Request(`${ORIGIN}/auth/session`),
    );
    expect(names(response).sort()).toEqual(names(stock).sort());
    expect(names(response)).not.toContain("authjs.csrf-token");
  });

  test("GET /csrf of a new browser: one CSRF cookie, the one whose token it answers", async () => {
    const response = await createTestSession().handler(new Request(`${ORIGIN}/auth/csrf`));
    expect(names(response).filter((name) => name === "authjs.csrf-token")).toHaveLength(1);
  });
});

describe("a method other than GET and POST", () => {
  test.each(["PUT", "DELETE", "PATCH"])("%s: 405 METHOD_NOT_ALLOWED naming the method, with Allow", async (method) => {
    const response = await createTestSession().handler(new Request(`${ORIGIN}/auth/session`, { method }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
    expect(await response.json()).toEqual({
      error: { code: "METHOD_NOT_ALLOWED", message: `${method} is not allowed here` },
    });
  });
});

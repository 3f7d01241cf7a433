import { Auth } from "@auth/core";
import { describe, expect, test } from "vitest";
import { createSafeSession } from "../../src/index.js";
import { ORIGIN, testConfig, testUpdates } from "../support/fixture.js";

const CONFIG_ERROR = {
  message: "There was a problem with the server configuration. Check the server logs for more information.",
};

/** A config Auth.js refuses (an untrusted host), with its logger recorded. */
function brokenConfig() {
  const logged: string[] = [];
  const config = {
    ...testConfig(),
    trustHost: false,
    logger: { error: (error: Error) => void logged.push(error.name), warn: () => {} },
  };
  return { config, logged };
}

const badJson = (path: string) =>
  new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: "{",
  });

describe("a broken config fails as on stock, on the routes core serves too", () => {
  test.each([
    ["GET /session", () => new Request(`${ORIGIN}/auth/session`)],
    ["GET /csrf", () => new Request(`${ORIGIN}/auth/csrf`)],
    // Auth() itself would answer these 400 "Bad request." for the body before it looks at the config.
    ["POST /session with a body that is not JSON", () => badJson("/auth/session")],
    ["POST /csrf with a body that is not JSON", () => badJson("/auth/csrf")],
  ])("%s: 500 with Auth.js's JSON, and the error reaches logger.error", async (_, request) => {
    const { config, logged } = brokenConfig();
    const response = await createSafeSession({ config, updates: testUpdates(), env: {} }).handler(request());
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual(CONFIG_ERROR);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(logged).toEqual(["UntrustedHost"]);
  });

  test.each(["/auth/signin", "/auth/providers", "/auth/error"])("GET %s is Auth()'s own answer", async (path) => {
    const stock = brokenConfig();
    const expected = await Auth(new Request(`${ORIGIN}${path}`), stock.config);
    const { config, logged } = brokenConfig();
    const response = await createSafeSession({ config, updates: testUpdates(), env: {} }).handler(
      new Request(`${ORIGIN}${path}`),
    );
    expect(response.status).toBe(expected.status);
    expect(response.headers.get("location")).toBe(expected.headers.get("location"));
    expect(await response.text()).toBe(await expected.text());
    expect(logged).toEqual(stock.logged);
  });
});

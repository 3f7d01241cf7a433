import type { AuthConfig } from "@auth/core";
import { describe, expect, test, vi } from "vitest";
import { createSafeSession } from "../../src/index.js";
import { ORIGIN, testConfig, testUpdates } from "../support/fixture.js";
import { SESSION_COOKIE, sessionCookie } from "../support/signed-in.js";

// A session cookie that does not decode reads as no session, is expired, and is logged as
// Auth.js logs it: a JWTSessionError whose cause keeps only the decode error's name and message.

const read = (cookie?: string) =>
  new Request(`${ORIGIN}/auth/session`, cookie === undefined ? {} : { headers: { cookie } });
const sessionLines = (response: Response) =>
  response.headers.getSetCookie().filter((line) => line.includes("session-token"));

function withDecoder(decode: NonNullable<NonNullable<AuthConfig["jwt"]>["decode"]>) {
  const error = vi.fn();
  const config = testConfig();
  const safe = createSafeSession({
    config: { ...config, logger: { error }, jwt: { decode } },
    updates: testUpdates(),
    env: {},
  });
  return { safe, error };
}

/** The one error logged, as `{ name, cause: { name, message } }` (Auth.js keeps the cause in `cause.err`). */
function logged(error: ReturnType<typeof vi.fn>) {
  expect(error).toHaveBeenCalledTimes(1);
  const [logged] = error.mock.calls[0] as [Error & { cause?: { err?: Error } }];
  const cause = logged.cause?.err;
  return { name: logged.name, cause: cause && { name: cause.name, message: cause.message } };
}

describe("a session cookie that does not decode", () => {
  test("a decoder that returns null: no session, the cookie expired, logged as Auth.js's 'Invalid JWT'", async () => {
    const { safe, error } = withDecoder(async () => null);
    const response = await safe.handler(read(await sessionCookie()));
    expect(await response.json()).toBeNull();
    expect(sessionLines(response)).toEqual([expect.stringMatching(new RegExp(`^${SESSION_COOKIE}=; Max-Age=0;`))]);
    expect(logged(error)).toEqual({ name: "JWTSessionError", cause: { name: "Error", message: "Invalid JWT" } });
  });

  test("a decoder that throws: its error's name and message are logged, nothing else of it", async () => {
    const { safe, error } = withDecoder(async () => {
      throw Object.assign(new TypeError("bad segment"), { claims: { sub: "alice" } });
    });
    const response = await safe.handler(read(await sessionCookie()));
    expect(await response.json()).toBeNull();
    expect(sessionLines(response)).toHaveLength(1);
    expect(logged(error)).toEqual({ name: "JWTSessionError", cause: { name: "TypeError", message: "bad segment" } });
    const [first] = error.mock.calls[0] as [{ cause: { err: object } }];
    expect(first.cause.err).not.toHaveProperty("claims");
  });

  test("a decoder that throws something that is not an Error: logged as 'Invalid JWT'", async () => {
    const { safe, error } = withDecoder(async () => {
      throw "not an error";
    });
    const response = await safe.handler(read(await sessionCookie()));
    expect(await response.json()).toBeNull();
    expect(logged(error)).toEqual({ name: "JWTSessionError", cause: { name: "Error", message: "Invalid JWT" } });
  });

  test("a tampered cookie with the stock decoder is expired too", async () => {
    const safe = createSafeSession({ config: testConfig(), updates: testUpdates(), env: {} });
    const cookie = await sessionCookie();
    const response = await safe.handler(read(`${cookie.slice(0, -4)}AAAA`));
    expect(await response.json()).toBeNull();
    expect(sessionLines(response)).toEqual([expect.stringMatching(new RegExp(`^${SESSION_COOKIE}=; Max-Age=0;`))]);
  });

  test("no session cookie at all: no session, no cookie written or expired, nothing logged", async () => {
    const error = vi.fn();
    const safe = createSafeSession({ config: { ...testConfig(), logger: { error } }, updates: testUpdates(), env: {} });
    const response = await safe.handler(read());
    expect(error).not.toHaveBeenCalled();
    expect(await response.json()).toBeNull();
    expect(sessionLines(response)).toEqual([]);
    expect(response.headers.getSetCookie().filter((line) => /; Max-Age=0;/.test(line))).toEqual([]);
  });
});

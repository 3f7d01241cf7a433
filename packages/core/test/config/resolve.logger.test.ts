import { afterEach, describe, expect, test, vi } from "vitest";
import { createSafeSession } from "../../src/index.js";
import { ORIGIN, testConfig, testUpdates } from "../support/fixture.js";
import { SESSION_COOKIE } from "../support/signed-in.js";

// A config without `logger`: what core logs goes to the console, prefixed, as the error's name
// and message (never the token it could not read).

afterEach(() => vi.restoreAllMocks());

describe("without a logger in the config", () => {
  test("an unreadable session cookie is logged on console.error as Auth.js's JWTSessionError, without the cookie", async () => {
    const lines: unknown[][] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args));
    const { logger: _, ...config } = testConfig();
    const safe = createSafeSession({ config, updates: testUpdates(), env: {} });
    const tampered = "not-a-token-at-all";
    const session = await safe.getSession(
      new Request(`${ORIGIN}/page`, { headers: { cookie: `${SESSION_COOKIE}=${tampered}` } }),
    );
    expect(session).toBeNull();
    expect(lines).toHaveLength(1);
    const text = lines[0]?.map(String).join(" ") ?? "";
    expect(text).toMatch(/^\[safe-session\]/);
    // Auth.js errors end their message with the page that explains them.
    expect(text).toContain("errors.authjs.dev#jwtsessionerror");
    expect(text).not.toContain(tampered);
  });
});

import { afterEach, describe, expect, test, vi } from "vitest";
import { ORIGIN, SECRET, createTestSession, testConfig } from "./support/fixture.js";

/**
 * At every log level, debug included, nothing secret reaches a log: not the secret, the session
 * cookie, the CSRF token, or a raw body — through our logger, Auth.js's, or the console.
 */
describe("log canary", () => {
  afterEach(() => vi.restoreAllMocks());

  test("a full flow with debug on logs no secret, cookie, CSRF token or body", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) =>
      void lines.push(
        args
          .map((a) =>
            a instanceof Error ? `${a.name} ${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a),
          )
          .join(" "),
      );
    for (const level of ["log", "info", "warn", "error", "debug"] as const)
      vi.spyOn(console, level).mockImplementation(capture);
    const safe = createTestSession({
      config: { ...testConfig(), debug: true, logger: { error: capture, warn: capture, debug: capture } },
    });
    const jar = new Map<string, string>();
    const send = async (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
      const response = await safe.handler(new Request(`${ORIGIN}${path}`, { ...init, headers }));
      for (const line of response.headers.getSetCookie()) {
        const [pair = ""] = line.split(";");
        const [name = "", value = ""] = pair.split("=");
        if (value) jar.set(name, value);
      }
      return response;
    };
    const { csrfToken } = (await (await send("/auth/csrf")).json()) as { csrfToken: string };
    const body = new URLSearchParams({ csrfToken, email: "alice@example.com", password: "alice-password" });
    await send("/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    const bodies = [
      { csrfToken, data: { selectedCompanyId: "acme" } },
      { csrfToken, data: { selectedCompanyId: "explode" } },
      { csrfToken, data: { selectedCompanyId: "sk_canary_value" } },
      { csrfToken: "wrong-canary-token", data: { sub: "bob" } },
    ];
    for (const payload of bodies) {
      await send("/auth/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
      });
    }
    await send("/auth/session", { method: "POST", headers: { "content-type": "text/plain" }, body: "raw-canary-body" });
    await send("/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken }),
    });
    await send("/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email: "alice@example.com", password: "wrong-canary-password" }),
    });

    expect(lines.length).toBeGreaterThan(0); // debug on: Auth.js and we did log
    const output = lines.join("\n");
    const secrets = [
      SECRET,
      csrfToken,
      "alice-password",
      "wrong-canary-password",
      "sk_canary_value",
      "wrong-canary-token",
      "raw-canary-body",
      ...jar.values(),
    ];
    for (const secret of secrets) expect(output).not.toContain(secret);
  });
});

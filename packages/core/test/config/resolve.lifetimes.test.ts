import { describe, expect, test } from "vitest";
import { decode, encode } from "../../src/crypto/jwt.js";
import { SECRET, createTestSession } from "../support/fixture.js";
import { updateRequest } from "../support/signed-in.js";

// Auth.js's default `session.maxAge` is 30 days; safe-session keeps it wherever the app sets none.
const THIRTY_DAYS = 30 * 24 * 60 * 60;

describe("30 days unless the app says otherwise", () => {
  test("encode without maxAge: the token expires 30 days after it was issued", async () => {
    const token = await encode({ token: { sub: "alice" }, secret: SECRET, salt: "authjs.session-token" });
    const claims = await decode({ token, secret: SECRET, salt: "authjs.session-token" });
    expect((claims?.exp as number) - (claims?.iat as number)).toBe(THIRTY_DAYS);
  });

  test("an update with the default config: the new cookie and its token last 30 days", async () => {
    const safe = createTestSession();
    const before = Date.now();
    const response = await safe.handler(await updateRequest({ selectedCompanyId: "acme" }));
    expect(response.status).toBe(200);
    const line = response.headers.getSetCookie().find((l) => l.startsWith("authjs.session-token=")) ?? "";
    const expires = Date.parse(/Expires=([^;]+)/i.exec(line)?.[1] ?? "");
    expect(Math.abs(expires - (before + THIRTY_DAYS * 1000))).toBeLessThan(60_000);
    const claims = await decode({
      token: line.split(";")[0]?.split("=")[1],
      secret: SECRET,
      salt: "authjs.session-token",
    });
    expect((claims?.exp as number) - (claims?.iat as number)).toBe(THIRTY_DAYS);
  });
});

import { Auth } from "@auth/core";
import { describe, expect, test } from "vitest";
import { authRoute } from "../../src/routes/path.js";
import { ORIGIN, testConfig } from "../support/fixture.js";

describe("one router: a path is the session action exactly when Auth() reads it so", () => {
  const paths = [
    "/auth/session",
    "/auth//session",
    "/auth/session/",
    "/auth///session//",
    "/auth/session/x",
    "/auth/session/callback",
    "/auth/%73ession",
    "/authsession",
    "/auth/csrf/session",
    "/auth/providers",
    "/auth/x/session",
    "/other/session",
  ];
  for (const path of paths) {
    test(path, async () => {
      const stock = await Auth(new Request(`${ORIGIN}${path}`), { ...testConfig(), logger: { error() {} } });
      const stockRanSession = stock.status === 200 && (await stock.text()) === "null";
      expect(authRoute(path, "/auth")?.action === "session").toBe(stockRanSession);
    });
  }
});

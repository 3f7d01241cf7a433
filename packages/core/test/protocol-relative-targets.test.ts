import { describe, expect, test } from "vitest";
import { ORIGIN, createTestSession } from "./fixture.js";

const ALICE = { email: "alice@example.com", password: "alice-password" };

// A target that starts with `//` or `/\` is read by browsers as a host name: it becomes the
// app's root even when that host is the app's own, so no reading of it can leave the origin.
describe("signIn from server code: the exact Location a redirect target becomes", () => {
  test.each(["//localhost:3000/dashboard", "/\\localhost:3000/dashboard", "//evil.example/x"])(
    "%s: Location is exactly the app's root",
    async (redirectTo) => {
      const response = await createTestSession().signIn(new Request(`${ORIGIN}/login-action`), "credentials", ALICE, {
        redirectTo,
      });
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`${ORIGIN}/`);
    },
  );

  test.each(["https://evil.example/x", "http://[bad"])(
    "another host or an unparsable URL (%s): Location is exactly the app's root",
    async (redirectTo) => {
      const response = await createTestSession().signIn(new Request(`${ORIGIN}/login-action`), "credentials", ALICE, {
        redirectTo,
      });
      expect(response.headers.get("location")).toBe(`${ORIGIN}/`);
    },
  );

  test("a plain path is kept, as an absolute URL on the app's origin", async () => {
    const response = await createTestSession().signIn(new Request(`${ORIGIN}/login-action`), "credentials", ALICE, {
      redirectTo: "/dashboard",
    });
    expect(response.headers.get("location")).toBe(`${ORIGIN}/dashboard`);
  });
});

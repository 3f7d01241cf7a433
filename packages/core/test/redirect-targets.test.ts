import { describe, expect, test } from "vitest";
import { ORIGIN, createTestSession } from "./fixture.js";

const ALICE = { email: "alice@example.com", password: "alice-password" };

/** Where a sign-in from server code with `redirectTo` sends the browser. */
async function signInTo(redirectTo: string) {
  const response = await createTestSession().signIn(new Request(`${ORIGIN}/login-action`), "credentials", ALICE, {
    redirectTo,
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") ?? "", ORIGIN).href;
}

describe("redirect targets of signIn from server code stay on the app's origin", () => {
  test.each([
    ["a path", "/dashboard?tab=1#top", `${ORIGIN}/dashboard?tab=1#top`],
    ["a URL of the app", `${ORIGIN}/settings`, `${ORIGIN}/settings`],
  ])("%s is kept", async (_, target, expected) => {
    expect(await signInTo(target)).toBe(expected);
  });

  test.each([
    ["another host", "https://evil.example/x"],
    ["a protocol-relative path", "//evil.example/x"],
    ["a backslash path browsers read as a host", "/\\evil.example/x"],
    ["an app URL whose path starts like a host", `${ORIGIN}//evil.example/x`],
    ["an unparsable URL", "http://[bad"],
  ])("%s becomes the app's root", async (_, target) => {
    expect(await signInTo(target)).toBe(`${ORIGIN}/`);
  });
});

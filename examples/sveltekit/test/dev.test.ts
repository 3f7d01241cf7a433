import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type StartedExample, VITE_DEV, startExample } from "./app.js";

// `npm run dev`: the same form actions under `vite dev`, where the binding is compiled on demand.
describe("sveltekit (vite dev)", () => {
  let app: StartedExample;
  beforeAll(async () => {
    app = await startExample({ server: VITE_DEV });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const form = (path: string, fields: Record<string, string>, cookie = "") =>
    fetch(`${app.origin}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html", origin: app.origin, cookie },
      body: new URLSearchParams(fields),
    });
  const cookiesOf = (response: Response) =>
    response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");

  test("sign in, select a company, save a name and sign out through the form actions", async () => {
    const signedIn = await form("/?/signIn", {
      email: "alice@example.com",
      password: "alice-password",
      redirectTo: "/dashboard",
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toBe("/dashboard");
    let cookie = cookiesOf(signedIn);
    for (const [action, fields] of [
      ["select", { companyId: "globex" }],
      ["name", { name: "Alice Liddell" }],
    ] as const) {
      const response = await form(`/dashboard?/${action}`, fields, cookie);
      expect(response.status, action).toBe(200);
      cookie = cookiesOf(response);
    }
    const page = await (await fetch(`${app.origin}/dashboard`, { headers: { cookie } })).text();
    expect(page).toContain("Current company: Globex");
    expect(page).toContain("Signed in as <strong>Alice Liddell</strong>");

    const signedOut = await form("/dashboard?/signOut", {}, cookie);
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get("location")).toBe("/");
    expect(await (await fetch(`${app.origin}/auth/session`, { headers: { cookie } })).json()).toBeNull();
  });
});

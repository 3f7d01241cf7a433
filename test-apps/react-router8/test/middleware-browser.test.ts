import { existsSync } from "node:fs";
import { CHROMIUM_PATH, launchChromium } from "@safe-session/conformance/browser";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type StartedRouterApp, startRouterApp } from "./app.js";

// The session middleware in Chromium, JavaScript on and off, on its own instance: pages read the
// session from the router context, a refresh's cookie lands in the browser, a form post's
// loader sees the update, one session decode per page load.
type Browser = Awaited<ReturnType<typeof launchChromium>>;
type Page = Awaited<ReturnType<Awaited<ReturnType<Browser["newContext"]>>["newPage"]>>;

let app: StartedRouterApp;
let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium is not at ${CHROMIUM_PATH}: run \`node scripts/setup.mjs --browser\``);
  app = await startRouterApp();
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${app.origin}/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/dashboard/);
}

describe("react-router 8 / browser / session middleware", () => {
  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? "JavaScript" : "no JavaScript";
    // Each mode its own user, so the membership this test revokes is not the other's.
    const user = javaScriptEnabled
      ? { email: "alice@example.com", password: "alice-password", id: "alice", company: "acme", name: "Acme Corp" }
      : { email: "bob@example.com", password: "bob-password", id: "bob", company: "initech", name: "Initech" };

    test(`(${mode}) signed out: the page's loader sees null; signed in: one decode per page load`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      try {
        const page = await context.newPage();
        const signedOut = await page.goto(`${app.origin}/profile`);
        await page.getByText("Signed out").waitFor();
        expect(signedOut?.headers()["x-session-reads"]).toBe("0");
        await signIn(page, user.email, user.password);
        const profile = await page.goto(`${app.origin}/profile`);
        await page.getByText(/^Profile of /).waitFor();
        expect(profile?.headers()["x-session-reads"]).toBe("1");
      } finally {
        await context.close();
      }
    }, 90_000);

    test(`(${mode}) a refresh's Set-Cookie reaches the browser: a company revalidated away stays away`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      const sessionCookie = async () =>
        (await context.cookies(app.origin)).find((cookie) => cookie.name === "authjs.session-token")?.value;
      try {
        const page = await context.newPage();
        await signIn(page, user.email, user.password);
        await page.getByRole("button", { name: `Select ${user.name}` }).click();
        await page.getByText(`Current company: ${user.name}`).waitFor();
        const selected = await sessionCookie();
        app.store.revoke(user.id, user.company);
        try {
          await page.goto(`${app.origin}/dashboard`);
          await page.getByText("No company selected").waitFor();
          expect(await sessionCookie()).not.toBe(selected);
        } finally {
          app.store.grant(user.id, user.company);
        }
        // Member again: only the cookie the refresh wrote keeps the company away.
        await page.goto(`${app.origin}/dashboard`);
        await page.getByText("No company selected").waitFor();
      } finally {
        await context.close();
      }
    }, 90_000);

    test(`(${mode}) a form post's loader shows the update from the context`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      try {
        const page = await context.newPage();
        await signIn(page, user.email, user.password);
        await page.goto(`${app.origin}/profile`);
        await page.getByLabel("Name").fill(`Middleware ${mode}`);
        await page.getByRole("button", { name: "Save" }).click();
        await page.getByText(`Profile of Middleware ${mode}`, { exact: true }).waitFor();
        await page.goto(`${app.origin}/profile`);
        await page.getByText(`Profile of Middleware ${mode}`, { exact: true }).waitFor();
      } finally {
        await context.close();
      }
    }, 90_000);
  }
});

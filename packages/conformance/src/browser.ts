import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

/** An app for the browser scenarios: a name and where it runs. */
export interface BrowserTarget {
  /** Appears in every test name: "sveltekit / browser (no JavaScript) / …". */
  name: string;
  /** Starts the app (or returns where it runs). */
  setup(): Promise<{ origin: string }> | { origin: string };
  /** Stops what `setup` started. */
  teardown?(): Promise<void> | void;
  /**
   * Why the app has no `/companies/<id>` pages (`urlFields`), when it has none: the company-page
   * flow is then skipped, with this reason in its name. Every example has them.
   */
  noCompanyPages?: string;
}

/** The Chromium the browser scenarios drive: `CHROMIUM_PATH`, else Debian's. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Launches `CHROMIUM_PATH` headless through playwright-core. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-quic",
      "--no-first-run",
      "--disable-sync",
    ],
  });
}

async function signIn(page: Page, origin: string, email: string, password: string) {
  await page.goto(`${origin}/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/dashboard/);
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/dashboard"));
}

/**
 * The contract's browser flow, in a real Chromium, with JavaScript on and off:
 * alice selects Acme Corp and a reload keeps it; bob never sees Acme; sign out clears it; alice
 * saves a new name (the field labelled Name, the Save name button) and a refused one shows why;
 * alice opens a company's page by its link (Open Globex → Managing Globex), two tabs on two
 * companies each render their own, and a company she is not a member of is refused.
 */
export function runBrowserFlow(target: BrowserTarget): void {
  describe(`${target.name} / browser`, () => {
    let browser: Browser;
    let origin: string;

    beforeAll(async () => {
      if (!existsSync(CHROMIUM_PATH))
        throw new Error(`Chromium is not at ${CHROMIUM_PATH}: run \`node scripts/setup.mjs --browser\``);
      origin = (await target.setup()).origin;
      browser = await launchChromium();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await target.teardown?.();
    });

    for (const javaScriptEnabled of [true, false]) {
      const mode = javaScriptEnabled ? "JavaScript" : "no JavaScript";
      test(`${target.name} / browser (${mode}) / alice selects Acme Corp, reload keeps it, sign out clears it`, async () => {
        const context = await browser.newContext({ javaScriptEnabled });
        try {
          const page = await context.newPage();
          await signIn(page, origin, "alice@example.com", "alice-password");
          await expect.poll(() => page.getByText("No company selected").count()).toBe(1);
          expect(await page.getByRole("button", { name: "Select Acme Corp" }).count()).toBe(1);
          expect(await page.getByRole("button", { name: "Select Globex" }).count()).toBe(1);
          expect(await page.getByRole("button", { name: "Select Initech" }).count()).toBe(0);

          await page.getByRole("button", { name: "Select Acme Corp" }).click();
          await page.getByText("Current company: Acme Corp").waitFor();
          await page.reload();
          await page.getByText("Current company: Acme Corp").waitFor();

          await page.getByRole("button", { name: "Select Globex" }).click();
          await page.getByText("Current company: Globex").waitFor();
          await page.reload();
          await page.getByText("Current company: Globex").waitFor();

          await signOut(page);
          await page.goto(`${origin}/dashboard`);
          expect(await page.getByText("Current company:").count()).toBe(0);

          await signIn(page, origin, "alice@example.com", "alice-password");
          await page.getByText("No company selected").waitFor();
        } finally {
          await context.close();
        }
      }, 90_000);

      test(`${target.name} / browser (${mode}) / alice saves a new name, a reload keeps it; an empty or too long one shows why and keeps it`, async () => {
        const context = await browser.newContext({ javaScriptEnabled });
        try {
          const page = await context.newPage();
          await signIn(page, origin, "alice@example.com", "alice-password");
          await page.getByText("Signed in as Alice", { exact: true }).waitFor();
          await page.getByLabel("Name").fill("Alice Liddell");
          await page.getByRole("button", { name: "Save name" }).click();
          await page.getByText("Signed in as Alice Liddell", { exact: true }).waitFor();
          await page.reload();
          await page.getByText("Signed in as Alice Liddell", { exact: true }).waitFor();

          for (const refused of ["", "x".repeat(51)]) {
            await page.getByLabel("Name").fill(refused);
            await page.getByRole("button", { name: "Save name" }).click();
            // Inside <main>: Next's route announcer is a role="alert" of its own, outside it, which
            // announces the page's title after a client-side navigation.
            await page.locator("main").getByRole("alert").filter({ hasText: /\S/ }).waitFor();
            expect(await page.getByText("Signed in as Alice Liddell", { exact: true }).count()).toBe(1);
            // A fresh page (not a reload, which would post the form again) still shows the saved name.
            await page.goto(`${origin}/dashboard`);
            await page.getByText("Signed in as Alice Liddell", { exact: true }).waitFor();
          }
        } finally {
          await context.close();
        }
      }, 90_000);

      if (javaScriptEnabled) {
        // What a person on a slow phone does: types before the page's scripts have run. Every
        // script is held until the name is typed, so hydration always comes after the typing —
        // the order a loaded machine only sometimes produced, when SvelteKit's `value={…}` put
        // the old name back and the form saved it.
        test(`${target.name} / browser (JavaScript) / a name typed before the page hydrates is the one saved`, async () => {
          const context = await browser.newContext();
          try {
            const page = await context.newPage();
            await signIn(page, origin, "alice@example.com", "alice-password");
            let release: () => void = () => {};
            const held = new Promise<void>((resolve) => {
              release = resolve;
            });
            await page.route(
              (url) => url.origin === origin,
              async (route) => {
                if (route.request().resourceType() === "script") await held;
                await route.continue();
              },
            );
            await page.goto(`${origin}/dashboard`, { waitUntil: "domcontentloaded" });
            await page.getByLabel("Name").fill("Alice Typed-Early");
            release();
            // Hydration needs the held scripts and nothing after them: once the network is idle it has run.
            await page.waitForLoadState("networkidle");
            expect(await page.getByLabel("Name").inputValue()).toBe("Alice Typed-Early");
            await page.getByRole("button", { name: "Save name" }).click();
            await page.getByText("Signed in as Alice Typed-Early", { exact: true }).waitFor();
          } finally {
            await context.close();
          }
        }, 90_000);
      }

      const companyTitle = `${target.name} / browser (${mode}) / alice opens Globex by its link and keeps it; two tabs on two companies each render their own; Initech's page is refused`;
      (target.noCompanyPages === undefined ? test : test.skip)(
        target.noCompanyPages === undefined ? companyTitle : `${companyTitle} (skipped: ${target.noCompanyPages})`,
        async () => {
          const context = await browser.newContext({ javaScriptEnabled });
          try {
            const page = await context.newPage();
            await signIn(page, origin, "alice@example.com", "alice-password");
            expect(await page.getByRole("link", { name: "Open Initech" }).count()).toBe(0);
            await page.getByRole("link", { name: "Open Globex" }).click();
            await page.waitForURL(/\/companies\/globex$/);
            await page.getByRole("heading", { name: "Managing Globex" }).waitFor();
            // A visit from the app's own page makes it the session's company.
            await page.goto(`${origin}/dashboard`);
            await page.getByText("Current company: Globex").waitFor();

            // Two tabs of one session, each on its own company: each renders its own, reloads too.
            const other = await context.newPage();
            await Promise.all([page.goto(`${origin}/companies/acme`), other.goto(`${origin}/companies/globex`)]);
            for (const reload of [false, true]) {
              if (reload) await Promise.all([page.reload(), other.reload()]);
              await page.getByRole("heading", { name: "Managing Acme Corp" }).waitFor();
              await other.getByRole("heading", { name: "Managing Globex" }).waitFor();
            }

            const refused = await page.goto(`${origin}/companies/initech`);
            expect([403, 404]).toContain(refused?.status());
            expect(await page.getByText("Managing Initech").count()).toBe(0);
          } finally {
            await context.close();
          }
        },
        90_000,
      );

      test(`${target.name} / browser (${mode}) / bob never sees Acme Corp`, async () => {
        const context = await browser.newContext({ javaScriptEnabled });
        try {
          const page = await context.newPage();
          await signIn(page, origin, "bob@example.com", "bob-password");
          await page.getByText("No company selected").waitFor();
          expect(await page.getByRole("button", { name: "Select Initech" }).count()).toBe(1);
          expect(await page.getByText("Acme Corp").count()).toBe(0);
          await page.getByRole("button", { name: "Select Initech" }).click();
          await page.getByText("Current company: Initech").waitFor();
          await page.reload();
          await page.getByText("Current company: Initech").waitFor();
          expect(await page.getByText("Acme Corp").count()).toBe(0);
        } finally {
          await context.close();
        }
      }, 90_000);
    }
  });
}

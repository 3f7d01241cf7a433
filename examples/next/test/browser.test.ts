import { launchChromium } from "@safe-session/conformance/browser";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type StartedExample, runExampleBrowserFlow, startExample } from "./app.js";

runExampleBrowserFlow({ name: "next" });

// The name form's refusal, word for word: a server action answers it, so no HTTP test can post the
// form as the page does; the browser does, with and without JavaScript.
describe("next / browser / a refused name says what to do instead", () => {
  let app: StartedExample;
  let browser: Browser;
  beforeAll(async () => {
    app = await startExample();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  for (const javaScriptEnabled of [true, false]) {
    test(`with${javaScriptEnabled ? "" : "out"} JavaScript: an empty and a 51-character name`, async () => {
      const context = await browser.newContext({ javaScriptEnabled });
      try {
        const page = await context.newPage();
        await page.goto(`${app.origin}/`);
        await page.getByLabel("Email").fill("alice@example.com");
        await page.getByLabel("Password").fill("alice-password");
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL(/\/dashboard/);
        for (const name of ["", "x".repeat(51)]) {
          await page.getByLabel("Name").fill(name);
          await page.getByRole("button", { name: "Save name" }).click();
          // The page's own alert, with text: Next's route announcer is a role="alert" too, outside <main>, and
          // announces the page's title ("Dashboard") after a client-side navigation.
          const alert = page.locator("main").getByRole("alert").filter({ hasText: /\S/ });
          await alert.waitFor();
          expect((await alert.textContent())?.trim()).toBe("Enter a name of 1 to 50 characters.");
          await page.goto(`${app.origin}/dashboard`);
        }
      } finally {
        await context.close();
      }
    }, 60_000);
  }
});

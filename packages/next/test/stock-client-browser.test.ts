import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { launchChromium } from "@safe-session/conformance/browser";
import { type StartedApp, startApp } from "@safe-session/conformance/server";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

/**
 * next-auth's own client in a real Chromium: `SessionProvider` and `useSession().update()` from
 * `next-auth/react` (no helper of ours) against `@safe-session/next`'s handlers, in a small Next
 * app of its own (`stock-client-app/`, built once here with `next build`, served by `next start`).
 * An allowed value reaches `useSession().data` and the server render; a refused one reaches
 * neither.
 */

const cwd = fileURLToPath(new URL("./stock-client-app/", import.meta.url));
const next = join(fileURLToPath(new URL("..", import.meta.url)), "node_modules", ".bin", "next");
const env = { NEXT_TELEMETRY_DISABLED: "1", AUTH_SECRET: "stock-client-browser-secret-0123456789" };

let app: StartedApp | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  // The app imports the built binding (`pnpm run build` runs first); its own build is made here.
  await promisify(execFile)(next, ["build"], { cwd, env: { ...process.env, ...env }, maxBuffer: 32 * 1024 * 1024 });
  app = await startApp({
    cwd,
    command: next,
    args: ["start"],
    env,
    readyPath: "/api/auth/providers",
    timeoutMs: 120_000,
  });
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Waits until an element shows exactly this text (the page updates it when a request settles). */
async function shows(page: Page, testId: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([id, expected]) => document.querySelector(`[data-testid="${id}"]`)?.textContent === expected,
    [testId, text] as const,
  );
}

/** The server component's text, from the HTML the server renders (no JavaScript involved). */
async function serverRender(page: Page): Promise<string> {
  const html = await (await page.request.get(`${app?.origin}/`)).text();
  const match = /data-testid="server">([^<]*(?:<!-- -->[^<]*)*)<\/p>/.exec(html);
  return (match?.[1] ?? "").replaceAll("<!-- -->", "");
}

describe("next / the stock next-auth/react client in Chromium", () => {
  // Seven page loads and requests on a cold `next start`: every step waits for an event (a
  // response, a text on the page), never a fixed time; the budget only bounds a run that hangs.
  test("useSession().update(): an allowed value reaches useSession().data and the server render; a refused one neither", {
    timeout: 60_000,
  }, async () => {
    const context = await (browser as Browser).newContext();
    const page = await context.newPage();
    try {
      const origin = app?.origin as string;
      await page.goto(`${origin}/`);
      await shows(page, "client", "Client: signed out");

      await page.getByRole("button", { name: "Sign in as Alice" }).click();
      await shows(page, "client", "Client: none");
      await page.reload();
      expect(await page.getByTestId("server").textContent()).toBe("Server: none");

      const accepted = page.waitForResponse(
        (r) => r.url().endsWith("/api/auth/session") && r.request().method() === "POST",
      );
      await page.getByRole("button", { name: "Select acme" }).click();
      expect((await accepted).status()).toBe(200);
      await shows(page, "result", "updated acme");
      expect(await page.getByTestId("client").textContent()).toBe("Client: acme");
      expect(await serverRender(page)).toBe("Server: acme");
      await page.reload();
      expect(await page.getByTestId("server").textContent()).toBe("Server: acme");
      await shows(page, "client", "Client: acme");

      // Bob's company: the handler answers 403 FORBIDDEN; the stock client resolves update() to null.
      const refused = page.waitForResponse(
        (r) => r.url().endsWith("/api/auth/session") && r.request().method() === "POST",
      );
      await page.getByRole("button", { name: "Select initech" }).click();
      const refusal = await refused;
      expect(refusal.status()).toBe(403);
      expect(await refusal.json()).toMatchObject({ error: { code: "FORBIDDEN", field: "selectedCompanyId" } });
      await shows(page, "result", "refused initech");
      expect(await page.getByTestId("client").textContent()).toBe("Client: acme");
      expect(await serverRender(page)).toBe("Server: acme");
      await page.reload();
      await shows(page, "client", "Client: acme");
      expect(await page.getByTestId("server").textContent()).toBe("Server: acme");
    } finally {
      await context.close();
    }
  });
});

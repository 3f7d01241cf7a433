import { type Server, createServer } from "node:http";
import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Served, buildStages, freePort, serve } from "./app.js";

/**
 * The seed's app on next-auth 4.24.15 (the recipe), then the same app after MIGRATING.md, on the
 * same URL with the same secret, in one Chromium: the user signed in before the switch stays
 * signed in with their company; the recipe's holes work before and are refused after. The client
 * (next-auth/react@4's SessionProvider, signIn, signOut) is the same build in both stages.
 */

let browser: Browser | undefined;
let port = 0;
let app: Served | undefined;
let attacker: Server | undefined;
let attackerOrigin = "";

beforeAll(async () => {
  await buildStages();
  port = await freePort();
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-quic",
      "--no-first-run",
    ],
  });
  // Another site (127.0.0.1 is not localhost's site): a page with a link to the app's session route.
  attacker = createServer((req, res) => {
    const target = new URL(req.url ?? "/", "http://x").searchParams.get("to") ?? "/";
    res.setHeader("content-type", "text/html");
    res.end(`<a id="go" href="${target.replace(/"/g, "&quot;")}">win a prize</a>`);
  });
  await new Promise<void>((resolve) => attacker?.listen(0, "127.0.0.1", resolve));
  const address = attacker.address();
  attackerOrigin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await new Promise((resolve) => attacker?.close(resolve));
});

const origin = () => `http://localhost:${port}`;

async function signIn(page: Page, email = "alice@example.com", password = "alice-password"): Promise<void> {
  await page.goto(`${origin()}/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/dashboard$/);
}

async function dashboard(page: Page): Promise<{ user: string; company: string }> {
  await page.goto(`${origin()}/dashboard`);
  const text = async (id: string) => (await page.getByTestId(id).textContent()) ?? "";
  return { user: await text("server-user"), company: await text("server-company") };
}

/** A company button: the recipe's `GET /api/auth/session?companyId=…`, then a reload. */
async function choose(page: Page, company: string, id: string): Promise<void> {
  const reloaded = page.waitForEvent("load");
  await page.getByRole("button", { name: company }).click();
  await reloaded;
  await expect.poll(() => page.getByTestId("server-company").textContent()).toBe(id);
}

/** What a script on the app's own page can post: the stock client's update request with any data. */
function postUpdate(
  page: Page,
  data: Record<string, unknown>,
): Promise<{ status: number; body: Record<string, unknown> | null }> {
  return page.evaluate(async (patch) => {
    const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await fetch("/api/auth/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ csrfToken, data: patch }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> | null };
  }, data);
}

/** Another site's link to `GET /api/auth/session?companyId=…`, followed as a top-level navigation (SameSite=Lax cookies go along). */
async function crossSiteGet(page: Page, companyId: string): Promise<{ status: number; text: string }> {
  const target = `${origin()}/api/auth/session?companyId=${companyId}`;
  await page.goto(`${attackerOrigin}/?to=${encodeURIComponent(target)}`);
  const [response] = await Promise.all([page.waitForEvent("response", (r) => r.url() === target), page.click("#go")]);
  return { status: response.status(), text: await response.text() };
}

async function cookieNames(context: BrowserContext): Promise<string[]> {
  return (await context.cookies(origin())).map((cookie) => cookie.name).sort();
}

describe("next-auth v4 → safe-session, as MIGRATING.md says, in Chromium", () => {
  let alice: BrowserContext;
  let page: Page;

  test("on the recipe (next-auth 4.24.15): sign in and pick a company; the holes are open", async () => {
    app = await serve("v4", port);
    alice = await (browser as Browser).newContext();
    page = await alice.newPage();
    await signIn(page);
    expect(await dashboard(page)).toEqual({ user: "alice@example.com", company: "none" });
    await choose(page, "Acme Corp", "acme");
    expect(await cookieNames(alice)).toContain("next-auth.session-token");

    // The holes, each in a session of its own (Alice's above stays as she left it).
    const hole = async () => {
      const context = await (browser as Browser).newContext();
      const other = await context.newPage();
      await signIn(other);
      return { context, other };
    };
    const sub = await hole();
    expect(await postUpdate(sub.other, { sub: "bob" })).toMatchObject({ status: 200, body: { user: { id: "bob" } } });
    const company = await hole();
    expect(await postUpdate(company.other, { companyId: "initech" })).toMatchObject({
      status: 200,
      body: { companyId: "initech" },
    });
    const crossSite = await hole();
    expect(await crossSiteGet(crossSite.other, "initech")).toMatchObject({
      status: 200,
      text: expect.stringContaining('"companyId":"initech"'),
    });
    expect(await dashboard(crossSite.other)).toEqual({ user: "alice@example.com", company: "initech" });
    for (const { context } of [sub, company, crossSite]) await context.close();
  });

  test("after the switch to safe-session: the same browser is signed in with its company, on an Auth.js cookie", async () => {
    await app?.stop();
    app = await serve("safe", port);
    expect(await dashboard(page)).toEqual({ user: "alice@example.com", company: "acme" });
    const names = await cookieNames(alice);
    expect(names).toContain("authjs.session-token");
    expect(names).not.toContain("next-auth.session-token");
    // next-auth/react@4's SessionProvider reads the session from safe-session's handler.
    await expect.poll(() => page.getByTestId("client-user").textContent()).toBe("alice@example.com");
  });

  test("after the switch the holes are refused and the session is unchanged", async () => {
    await dashboard(page);
    expect(await postUpdate(page, { sub: "bob" })).toMatchObject({
      status: 400,
      body: { error: { code: "UNKNOWN_FIELD" } },
    });
    expect(await postUpdate(page, { companyId: "initech" })).toMatchObject({
      status: 400,
      body: { error: { code: "UNKNOWN_FIELD" } },
    });
    expect(await postUpdate(page, { selectedCompanyId: "initech" })).toMatchObject({
      status: 403,
      body: { error: { code: "FORBIDDEN" } },
    });
    expect(await crossSiteGet(page, "initech")).toMatchObject({ status: 403, text: expect.stringContaining('"CSRF"') });
    expect(await dashboard(page)).toEqual({ user: "alice@example.com", company: "acme" });
    // The app's own page still switches company the recipe's way (legacyQueryUpdates), for members.
    await choose(page, "Globex", "globex");
  });

  test("next-auth/react@4's signOut and signIn work against safe-session's handler", async () => {
    await dashboard(page);
    const home = page.waitForURL(`${origin()}/`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await home;
    await expect.poll(() => page.getByTestId("status").textContent()).toBe("unauthenticated");
    expect(await cookieNames(alice)).not.toContain("authjs.session-token");
    expect((await page.goto(`${origin()}/dashboard`))?.url()).toBe(`${origin()}/`);
    await signIn(page);
    expect(await dashboard(page)).toEqual({ user: "alice@example.com", company: "none" });
    await alice.close();
  });
});

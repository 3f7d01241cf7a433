import { afterEach, expect, test, vi } from "vitest";
import { browser, testApp } from "./fixture.js";

/**
 * The stock `next-auth/react` client against our handlers. `useSession().update(data)` is
 * `fetchData("session", __NEXTAUTH, logger, { body: { csrfToken: await getCsrfToken(), data } })`
 * (next-auth 5.0.0-beta.32, react.js); the hook only adds React state around that call, so the
 * test makes the same call with next-auth's own functions, on the server-side base URL
 * (`http://localhost:3000/api/auth`, where a browser would use `/api/auth`).
 */
afterEach(() => {
  vi.unstubAllGlobals();
});

test("useSession().update() from next-auth/react: works, and a refusal resolves to null (hence ./client)", async () => {
  const app = testApp();
  const user = browser(app, "http://localhost:3000");
  vi.stubGlobal("fetch", user.fetch);
  const { __NEXTAUTH, getCsrfToken, getSession } = await import("next-auth/react");
  // @ts-expect-error next-auth does not export its internal client module; update() calls it.
  const { fetchData } = (await import("../node_modules/next-auth/lib/client.js")) as {
    fetchData: (
      path: string,
      config: unknown,
      logger: unknown,
      req?: unknown,
    ) => Promise<Record<string, unknown> | null>;
  };
  const logger = { error: vi.fn(), warn: vi.fn(), debug: vi.fn() };
  const update = async (data: unknown) =>
    fetchData("session", __NEXTAUTH, logger, { body: { csrfToken: await getCsrfToken(), data } });

  const csrfToken = await getCsrfToken();
  const signIn = await user.fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email: "alice@example.com", password: "alice-password" }),
  });
  expect(signIn.status).toBe(302);
  expect(((await getSession({ broadcast: false })) as { user?: { id?: string } } | null)?.user?.id).toBe("alice");

  expect((await update({ selectedCompanyId: "acme" }))?.selectedCompanyId).toBe("acme");
  expect(((await getSession({ broadcast: false })) as Record<string, unknown> | null)?.selectedCompanyId).toBe("acme");

  // The stock client swallows the refusal: null, and the code only reaches its logger.
  expect(await update({ selectedCompanyId: "initech" })).toBeNull();
  expect(await update({ sub: "bob" })).toBeNull();
  expect(logger.error).toHaveBeenCalledTimes(2);
  expect(((await getSession({ broadcast: false })) as Record<string, unknown> | null)?.selectedCompanyId).toBe("acme");
});

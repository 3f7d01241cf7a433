import { describe, expect, test } from "vitest";
import { SafeSessionError } from "../../src/index.js";
import { compileUrlPattern, matchUrlPattern } from "../../src/url-pattern.js";
import { ORIGIN, createTestSession, memoryMemberships } from "../support/fixture.js";
import { keptCookies, sessionCookie } from "../support/signed-in.js";

const URL_FIELDS = { selectedCompanyId: "/companies/:id/*" } as const;

function page(path: string, cookie: string, headers: Record<string, string> = {}, method = "GET") {
  return new Request(`${ORIGIN}${path}`, { method, headers: { cookie, ...headers } });
}

/** The session a later plain read of the cookies `response` left (or `cookie` when it left none). */
async function storedCompany(safe: ReturnType<typeof createTestSession>, cookie: string, headers: Headers) {
  const kept = keptCookies(new Response(null, { headers }));
  const session = await safe.getSession(new Request(`${ORIGIN}/dashboard`, { headers: { cookie: kept || cookie } }));
  return (session as { selectedCompanyId?: string } | null)?.selectedCompanyId;
}

describe("urlFields patterns", () => {
  test(":name is one segment; a trailing /* takes any rest, none included", () => {
    const rest = compileUrlPattern("f", "/companies/:id/*");
    const exact = compileUrlPattern("f", "/companies/:id");
    expect(
      ["/companies/acme", "/companies/acme/", "/companies/acme/invoices/7"].map((p) => matchUrlPattern(rest, p)),
    ).toEqual(["acme", "acme", "acme"]);
    expect(
      ["/companies/acme", "/companies/acme/", "/companies", "/companies/", "/Companies/acme"].map((p) =>
        matchUrlPattern(exact, p),
      ),
    ).toEqual(["acme", undefined, undefined, undefined, undefined]);
    expect(matchUrlPattern(exact, "/companies/gl%6Fbex")).toBe("globex");
    expect(matchUrlPattern(exact, "/companies/%E0%A4%A")).toBeUndefined();
    expect(matchUrlPattern(exact, "/companies/a%2Fb")).toBeUndefined();
  });

  test("a pattern it cannot read fails at start-up, naming the field", () => {
    for (const pattern of ["companies/:id", "/companies/*", "/:a/:b", "/a/*/:id", "/a/:id(\\d+)", "/a//:id"]) {
      expect(() => createTestSession({ urlFields: { selectedCompanyId: pattern } })).toThrow(
        /urlFields\.selectedCompanyId/,
      );
    }
    expect(() => createTestSession({ urlFields: { name: "/people/:name" } as never })).toThrow(
      /not a top-level update field/,
    );
  });
});

describe("the URL decides the field, per request", () => {
  test("a member's URL shows its value to getSession, readSession and getToken, whatever the cookie holds", async () => {
    const safe = createTestSession({ urlFields: URL_FIELDS });
    const cookie = await sessionCookie({ sub: "alice", email: "alice@example.com", selectedCompanyId: "acme" });
    const request = page("/companies/globex/invoices", cookie, { "sec-fetch-site": "cross-site" });
    expect(await safe.getSession(request)).toMatchObject({ selectedCompanyId: "globex" });
    expect((await safe.getToken(request))?.selectedCompanyId).toBe("globex");
    const { headers } = await safe.readSession(request);
    // Cross-site: shown, never kept (the read's own refresh keeps the cookie's value).
    expect(await storedCompany(safe, cookie, headers)).toBe("acme");
  });

  test("a same-origin or direct GET keeps it through the update pipeline: onUpdate, a new revision, the rate limit", async () => {
    const updates: unknown[] = [];
    const safe = createTestSession({
      urlFields: URL_FIELDS,
      events: { onUpdate: (event) => void updates.push([event.field, event.from, event.to]) },
    });
    const cookie = await sessionCookie({ sub: "alice", email: "alice@example.com", selectedCompanyId: "acme" });
    for (const signal of [
      { "sec-fetch-site": "same-origin" },
      { "sec-fetch-site": "none" },
      { referer: `${ORIGIN}/dashboard` },
    ]) {
      const { session, headers } = await safe.readSession(page("/companies/globex", cookie, signal));
      expect(session).toMatchObject({ selectedCompanyId: "globex" });
      expect(await storedCompany(safe, cookie, headers)).toBe("globex");
    }
    expect(updates).toEqual([
      ["selectedCompanyId", "acme", "globex"],
      ["selectedCompanyId", "acme", "globex"],
      ["selectedCompanyId", "acme", "globex"],
    ]);
  });

  test("a POST, a prefetch, a cross-site or other-site Referer, or no signal shows the value and keeps nothing", async () => {
    const safe = createTestSession({ urlFields: URL_FIELDS });
    const cookie = await sessionCookie({ sub: "alice", email: "alice@example.com", selectedCompanyId: "acme" });
    const cases: [Record<string, string>, string][] = [
      [{ "sec-fetch-site": "same-origin" }, "POST"],
      [{ "sec-fetch-site": "same-origin", "sec-purpose": "prefetch" }, "GET"],
      [{ "sec-fetch-site": "same-origin", "next-router-prefetch": "1" }, "GET"],
      [{ "sec-fetch-site": "same-site" }, "GET"],
      [{ referer: "https://evil.example/" }, "GET"],
      [{ referer: "not a url" }, "GET"],
      [{}, "GET"],
    ];
    for (const [headers, method] of cases) {
      const result = await safe.readSession(page("/companies/globex", cookie, headers, method));
      expect(result.session).toMatchObject({ selectedCompanyId: "globex" });
      expect(await storedCompany(safe, cookie, result.headers)).toBe("acme");
    }
  });

  test("a non-member's URL is FORBIDDEN at once (no revalidation window), and nothing is written", async () => {
    const memberships = memoryMemberships();
    const rejects: unknown[] = [];
    const safe = createTestSession(
      { urlFields: URL_FIELDS, events: { onReject: (event) => void rejects.push([event.code, event.field]) } },
      memberships,
    );
    const cookie = await sessionCookie({ sub: "alice", email: "alice@example.com", selectedCompanyId: "acme" });
    for (const path of [
      "/companies/initech",
      "/companies/no-such-company",
      `/companies/${"x".repeat(65)}`,
      "/companies/explode",
    ]) {
      const error = await safe
        .getSession(page(path, cookie, { "sec-fetch-site": "same-origin" }))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SafeSessionError);
      expect(error).toMatchObject({ code: "FORBIDDEN", status: 403, field: "selectedCompanyId" });
      expect((error as Error).message).not.toContain("password");
    }
    expect(rejects).toHaveLength(4);
    memberships.revoke("alice", "globex");
    await expect(
      safe.readSession(page("/companies/globex", cookie, { "sec-fetch-site": "cross-site" })),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await storedCompany(safe, cookie, new Headers())).toBe("acme");
  });

  test("signed out, the URL decides nothing; a path no pattern names is a plain read", async () => {
    const safe = createTestSession({ urlFields: URL_FIELDS });
    expect(await safe.getSession(page("/companies/initech", "", { "sec-fetch-site": "same-origin" }))).toBeNull();
    const cookie = await sessionCookie({ sub: "alice", email: "alice@example.com", selectedCompanyId: "acme" });
    expect(await safe.getSession(page("/company/initech", cookie))).toMatchObject({ selectedCompanyId: "acme" });
    expect(safe.urlField("/companies/globex/invoices")).toEqual({ field: "selectedCompanyId", value: "globex" });
    expect(safe.urlField(`${ORIGIN}/dashboard`)).toBeUndefined();
  });

  test("two tabs from one session each see their own company; authorize runs once per request", async () => {
    let calls = 0;
    const memberships = memoryMemberships();
    const safe = createTestSession(
      { urlFields: URL_FIELDS },
      {
        ...memberships,
        has: (user: string, company: string) => {
          calls++;
          return memberships.has(user, company);
        },
      },
    );
    const cookie = await sessionCookie({ sub: "alice", email: "alice@example.com" });
    const a = page("/companies/acme", cookie, { "sec-fetch-site": "same-origin" });
    const b = page("/companies/globex", cookie, { "sec-fetch-site": "same-origin" });
    const [sa, sb] = await Promise.all([safe.getSession(a), safe.getSession(b)]);
    expect([sa?.selectedCompanyId, sb?.selectedCompanyId]).toEqual(["acme", "globex"]);
    expect((await safe.getSession(a))?.selectedCompanyId).toBe("acme");
    expect(calls).toBe(2);
  });
});

describe("a navigation's write has a write's rules", () => {
  test("past the rate limit the page still shows the URL's value, the session keeps its own, and onReject says RATE_LIMITED", async () => {
    const rejects: string[] = [];
    const safe = createTestSession({
      urlFields: URL_FIELDS,
      rateLimit: { max: 1, windowSeconds: 60 },
      events: { onReject: (event) => void rejects.push(event.code) },
    });
    const cookie = await sessionCookie({ sub: "alice", email: "alice@example.com", selectedCompanyId: "acme" });
    const first = await safe.readSession(page("/companies/globex", cookie, { "sec-fetch-site": "same-origin" }));
    expect(await storedCompany(safe, cookie, first.headers)).toBe("globex");
    const second = await safe.readSession(
      page("/companies/acme", keptCookies(new Response(null, { headers: first.headers })), {
        "sec-fetch-site": "same-origin",
      }),
    );
    expect(second.session).toMatchObject({ selectedCompanyId: "acme" });
    expect(await storedCompany(safe, keptCookies(new Response(null, { headers: first.headers })), second.headers)).toBe(
      "globex",
    );
    expect(rejects).toEqual(["RATE_LIMITED"]);
  });
});

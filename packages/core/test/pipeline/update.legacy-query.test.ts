import { describe, expect, test } from "vitest";
import { MemoryStore } from "../../src/index.js";
import { ORIGIN, createTestSession } from "../support/fixture.js";
import { sessionCookie, updateRequest } from "../support/signed-in.js";

async function legacyGet(query: string) {
  const safe = createTestSession({ legacyQueryUpdates: { companyId: "selectedCompanyId" } });
  const request = new Request(`${ORIGIN}/auth/session?${query}`, {
    headers: { cookie: await sessionCookie(), "sec-fetch-site": "same-origin" },
  });
  const response = await safe.handler(request);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("legacy GET ?companyId= updates", () => {
  test("the first value of a repeated key is the one applied", async () => {
    expect(await legacyGet("companyId=acme&companyId=globex")).toMatchObject({
      status: 200,
      body: { selectedCompanyId: "acme" },
    });
  });

  test("other query keys (tracking parameters) are ignored beside the mapped one", async () => {
    expect(await legacyGet("utm_source=mail&companyId=globex&x=1")).toMatchObject({
      status: 200,
      body: { selectedCompanyId: "globex" },
    });
  });

  test("legacyQueryUpdates: true maps every update field to a query key of its own name", async () => {
    const safe = createTestSession({ legacyQueryUpdates: true });
    const request = new Request(`${ORIGIN}/auth/session?selectedCompanyId=globex`, {
      headers: { cookie: await sessionCookie(), "sec-fetch-site": "same-origin" },
    });
    expect(await (await safe.handler(request)).json()).toMatchObject({ selectedCompanyId: "globex" });
  });

  test("with no mapped key it is a plain read, not an update", async () => {
    const { status, body } = await legacyGet("utm_source=mail&selectedCompanyId=acme");
    expect(status).toBe(200);
    expect(body.selectedCompanyId).toBeUndefined();
    expect(body).toMatchObject({ user: { email: "alice@example.com" } });
  });
});

describe("a failing store fails closed", () => {
  test("an update whose rate-limit count cannot be stored answers 503 UNAVAILABLE and names the store", async () => {
    const store = new MemoryStore();
    store.hit = () => {
      throw new Error("connection refused");
    };
    const response = await createTestSession({ store }).handler(await updateRequest({ name: "Al" }));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { code: "UNAVAILABLE", message: "The session store is unavailable; try again" },
    });
  });
});

import { describe, expect, test } from "vitest";
import { ORIGIN, createTestSession } from "../support/fixture.js";
import { csrfPair, sessionCookie, updateRequest } from "../support/signed-in.js";

type ErrorBody = { error: { code: string; message: string } };

describe("Content-Type of an update: application/json, any charset UTF-8", () => {
  test.each([
    "application/json",
    "Application/JSON; charset=UTF-8",
    "application/json ; charset=utf-8",
    " application/json",
    "application/json; charset=utf8",
    'application/json; charset="UTF-8"',
    "application/json; charset= utf-8 ",
    "application/json; boundary=something",
    "application/json; charsetx",
    "application/json; flag",
  ])("%j is accepted", async (contentType) => {
    const response = await createTestSession().handler(
      await updateRequest({ name: "Al" }, { headers: { "content-type": contentType } }),
    );
    expect(response.status).toBe(200);
  });

  test.each([
    "application/json; charset=utf-16",
    'application/json; charset=utf"-8',
    "application/json; charset=",
    "application/jsonp",
    "text/plain",
    "text/plain; application/json",
    "",
  ])("%j is 415 UNSUPPORTED_MEDIA_TYPE", async (contentType) => {
    const response = await createTestSession().handler(
      await updateRequest({ name: "Al" }, { headers: { "content-type": contentType } }),
    );
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      error: { code: "UNSUPPORTED_MEDIA_TYPE", message: "Send the update as application/json" },
    });
  });
});

describe("malformed bodies: 400 BAD_REQUEST with a message that says what is wrong", () => {
  const post = async (body: BodyInit) => {
    const { cookie } = csrfPair();
    const request = new Request(`${ORIGIN}/auth/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, cookie: `${await sessionCookie()}; ${cookie}` },
      body,
    });
    const response = await createTestSession().handler(request);
    return { status: response.status, body: (await response.json()) as ErrorBody };
  };

  test.each([
    ["not JSON", "{", "The request body is not valid JSON"],
    ["no body", "", "The request body is not valid JSON"],
    ["an array", "[]", "The request body must be a JSON object"],
    ["null", "null", "The request body must be a JSON object"],
    ["a string", '"data"', "The request body must be a JSON object"],
    ["no data", "{}", "`data` must be a JSON object of fields to update"],
    ["data as an array", '{"data":[]}', "`data` must be a JSON object of fields to update"],
    ["data as null", '{"data":null}', "`data` must be a JSON object of fields to update"],
    [
      "data inherited, not own",
      '{"__proto__":{"data":{"name":"x"}}}',
      "`data` must be a JSON object of fields to update",
    ],
  ])("%s", async (_, body, message) => {
    expect(await post(body)).toEqual({ status: 400, body: { error: { code: "BAD_REQUEST", message } } });
  });

  test("invalid UTF-8", async () => {
    expect(await post(new Uint8Array([0x7b, 0xff, 0x7d]))).toEqual({
      status: 400,
      body: { error: { code: "BAD_REQUEST", message: "The request body is not valid UTF-8" } },
    });
  });

  test("a body over maxBodyBytes names the limit", async () => {
    const response = await createTestSession({ maxBodyBytes: 100 }).handler(
      await updateRequest({ name: "x".repeat(200) }),
    );
    expect(await response.json()).toEqual({
      error: { code: "PAYLOAD_TOO_LARGE", message: "The request body is larger than 100 bytes" },
    });
  });
});

describe("cross-site refusals say why", () => {
  test.each([
    [{ "sec-fetch-site": "cross-site" }, "Cross-site requests cannot update the session"],
    [{ "sec-fetch-site": "same-site" }, "Cross-site requests cannot update the session"],
    [{ origin: "https://evil.example" }, "Cross-origin requests cannot update the session"],
  ])("%j", async (headers, message) => {
    const response = await createTestSession().handler(await updateRequest({ name: "Al" }, { headers }));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "CSRF", message } });
  });
});

describe("legacy GET updates need one positive same-origin signal", () => {
  const legacy = async (headers: Record<string, string>) => {
    const safe = createTestSession({ legacyQueryUpdates: { companyId: "selectedCompanyId" } });
    const request = new Request(`${ORIGIN}/auth/session?companyId=acme`, {
      headers: { cookie: await sessionCookie(), ...headers },
    });
    return safe.handler(request);
  };

  test.each([
    ["Sec-Fetch-Site: same-origin", { "sec-fetch-site": "same-origin" }],
    ["a same-origin Origin", { origin: ORIGIN }],
    ["a same-origin Referer", { referer: `${ORIGIN}/dashboard?x=1` }],
  ])("%s is enough", async (_, headers) => {
    const response = await legacy(headers);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ selectedCompanyId: "acme" });
  });

  test.each([
    ["no signal", {}],
    ["Sec-Fetch-Site: none (typed into the address bar)", { "sec-fetch-site": "none" }],
    ["another site's Referer", { referer: "https://evil.example/page" }],
    ["an unparsable Referer", { referer: "not a url" }],
  ])("%s is 403 CSRF", async (_, headers) => {
    const response = await legacy(headers);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: "CSRF", message: "Session updates by GET must come from the app's own pages" },
    });
  });
});

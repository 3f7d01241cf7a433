import { describe, expect, test } from "vitest";
import { SafeSessionError } from "./errors.js";
import { appOrigin, forwardedOrigin, redirectLocation } from "./http/origin.js";
import { isJsonMediaType, parseUpdateBody, readBodyText } from "./http/body.js";

describe("media type", () => {
  test.each([
    ["application/json", true],
    ["Application/JSON; charset=UTF-8", true],
    ['application/json; charset="utf-8"', true],
    ["application/json;charset=utf-16", false],
    ["application/jsonp", false],
    ["application/json-patch+json", false],
    ["text/plain; application/json", false],
    ["", false],
  ])("%s → %s", (header, expected) => {
    expect(isJsonMediaType(header)).toBe(expected);
  });
});

function streamed(parts: string[]): Request {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
  return new Request("http://localhost/auth/session", { method: "POST", body, duplex: "half" } as RequestInit);
}

describe("body", () => {
  test("a streamed body without Content-Length is cut at the limit", async () => {
    await expect(readBodyText(streamed(["a".repeat(10), "b".repeat(10)]), 15)).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    expect(await readBodyText(streamed(["a".repeat(10), "b".repeat(5)]), 15)).toBe(`${"a".repeat(10)}${"b".repeat(5)}`);
  });

  test("a declared Content-Length over the limit is refused before reading", async () => {
    const request = new Request("http://localhost/", {
      method: "POST",
      body: "x",
      headers: { "content-length": "99999" },
    });
    await expect(readBodyText(request, 10)).rejects.toBeInstanceOf(SafeSessionError);
  });

  test("invalid UTF-8 is a bad request", async () => {
    const request = new Request("http://localhost/", { method: "POST", body: new Uint8Array([0x7b, 0xff, 0x7d]) });
    await expect(readBodyText(request, 100)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  test("__proto__ stays an own key and never becomes a prototype", () => {
    const { data } = parseUpdateBody('{"data":{"__proto__":{"polluted":true}}}');
    expect(Object.keys(data)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("app origin", () => {
  const request = new Request("http://internal:3000/auth/session", {
    headers: { host: "app.example", "x-forwarded-host": "public.example", "x-forwarded-proto": "https" },
  });
  test("AUTH_URL wins", () =>
    expect(appOrigin(request, { authUrl: "https://auth.example/api/auth", trustHost: true })).toBe(
      "https://auth.example",
    ));
  test("trustHost uses the forwarded host and protocol", () =>
    expect(appOrigin(request, { authUrl: undefined, trustHost: true })).toBe("https://public.example"));
  test("without trustHost the request URL", () =>
    expect(appOrigin(request, { authUrl: undefined, trustHost: false })).toBe("http://internal:3000"));
});

describe("redirect location", () => {
  test("same origin stays a path; another origin stays whole", () => {
    expect(redirectLocation("http://localhost:3000/dashboard?x=1#top", "http://localhost:3000/api/auth/signin")).toBe(
      "/dashboard?x=1#top",
    );
    expect(redirectLocation("/?error=CredentialsSignin", new URL("http://app.example/auth"))).toBe(
      "/?error=CredentialsSignin",
    );
    expect(redirectLocation("https://idp.example/authorize", "http://localhost:3000/")).toBe(
      "https://idp.example/authorize",
    );
    expect(redirectLocation("https://localhost:3000/x", "http://localhost:3000/")).toBe("https://localhost:3000/x");
  });
});

describe("forwardedOrigin", () => {
  test("forwarded host and proto first values, else Host; none without a host or when they make no origin", () => {
    expect(
      forwardedOrigin(
        new Headers({ "x-forwarded-host": "app.example, proxy", "x-forwarded-proto": "https, http", host: "internal" }),
        "http:",
      ),
    ).toBe("https://app.example");
    expect(forwardedOrigin(new Headers({ host: "h:1" }), "http")).toBe("http://h:1");
    expect(forwardedOrigin(new Headers(), "http:")).toBeUndefined();
    expect(forwardedOrigin(new Headers({ host: "bad host" }), "http:")).toBeUndefined();
  });
});

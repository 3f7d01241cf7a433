import { describe, expect, test } from "vitest";
import { SafeSessionError } from "../../src/errors.js";
import { isJsonMediaType, parseUpdateBody, readBodyText } from "../../src/http/body.js";

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

import { type IncomingMessage, type ServerResponse, createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";
import {
  type NodeRequest,
  actionFormFields,
  originFromHeaders,
  requestFromHeaders,
  sendWebResponse,
  toWebRequest,
} from "./convert.js";

/** One real round trip through a Node server: the handler sees the Node req/res Next hands an API route. */
async function roundTrip(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
) {
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<{ status: number; headers: IncomingMessage["headers"]; body: string }>(
      (resolve, reject) => {
        const req = httpRequest(
          {
            port,
            host: "127.0.0.1",
            method: options.method ?? "GET",
            path: options.path ?? "/",
            headers: options.headers,
          },
          (res) => {
            let body = "";
            res.on("data", (chunk) => (body += chunk));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
          },
        );
        req.on("error", reject);
        req.end(options.body);
      },
    );
  } finally {
    server.close();
  }
}

describe("toWebRequest", () => {
  test("keeps method, URL, headers and the streamed body", async () => {
    let seen: { url: string; method: string; cookie: string | null; type: string | null; body: string } | undefined;
    await roundTrip(
      async (req, res) => {
        const request = toWebRequest(req);
        seen = {
          url: request.url,
          method: request.method,
          cookie: request.headers.get("cookie"),
          type: request.headers.get("content-type"),
          body: await request.text(),
        };
        res.end();
      },
      {
        method: "POST",
        path: "/api/auth/session?companyId=acme",
        headers: { host: "app.example:8080", cookie: "a=1; b=2", "content-type": "application/json" },
        body: '{"data":{}}',
      },
    );
    expect(seen).toEqual({
      url: "http://app.example:8080/api/auth/session?companyId=acme",
      method: "POST",
      cookie: "a=1; b=2",
      type: "application/json",
      body: '{"data":{}}',
    });
  });

  test("uses the forwarded host and protocol", () => {
    const req = {
      url: "/x",
      method: "GET",
      headers: { host: "internal:3000", "x-forwarded-host": "app.example", "x-forwarded-proto": "https" },
    };
    expect(toWebRequest(req as unknown as NodeRequest).url).toBe("https://app.example/x");
  });

  test("serialises a body Next's body parser already parsed", async () => {
    const base = { url: "/api/auth/session", method: "POST" };
    const json = toWebRequest({
      ...base,
      headers: { host: "h", "content-type": "application/json" },
      body: { csrfToken: "t", data: { a: 1 } },
    } as unknown as NodeRequest);
    expect(await json.text()).toBe('{"csrfToken":"t","data":{"a":1}}');
    const form = toWebRequest({
      ...base,
      headers: { host: "h", "content-type": "application/x-www-form-urlencoded", "content-length": "99" },
      body: { email: "a@b.c", password: "p w" },
    } as unknown as NodeRequest);
    expect(await form.text()).toBe("email=a%40b.c&password=p+w");
    expect(form.headers.get("content-length")).toBeNull();
    const text = toWebRequest({
      ...base,
      headers: { host: "h", "content-type": "text/plain" },
      body: "[1,2]",
    } as unknown as NodeRequest);
    expect(await text.text()).toBe("[1,2]");
  });
});

describe("sendWebResponse", () => {
  test("writes status, headers, body, and each cookie as its own Set-Cookie header", async () => {
    const headers = new Headers({ "content-type": "application/json", allow: "GET, POST" });
    headers.append("set-cookie", "a=1; Path=/; HttpOnly");
    headers.append("set-cookie", "b=2; Path=/; Expires=Wed, 21 Oct 2015 07:28:00 GMT");
    const result = await roundTrip(
      (_req, res) => sendWebResponse(res, new Response('{"ok":true}', { status: 405, headers })),
      {},
    );
    expect(result.status).toBe(405);
    expect(result.headers["content-type"]).toBe("application/json");
    expect(result.headers.allow).toBe("GET, POST");
    expect(result.headers["set-cookie"]).toEqual([
      "a=1; Path=/; HttpOnly",
      "b=2; Path=/; Expires=Wed, 21 Oct 2015 07:28:00 GMT",
    ]);
    expect(result.body).toBe('{"ok":true}');
  });
});

describe("requestFromHeaders", () => {
  test("builds the request of a server component from headers() and cookies()", () => {
    const headers = new Headers({
      host: "localhost:3000",
      "x-forwarded-host": "localhost:3000",
      "x-forwarded-proto": "http",
      origin: "http://localhost:3000",
      cookie: "stale=1",
      "content-type": "multipart/form-data; boundary=x",
      "content-length": "12",
    });
    const request = requestFromHeaders(headers, [
      { name: "authjs.session-token", value: "new" },
      { name: "c", value: "a|b" },
    ]);
    expect(request.url).toBe("http://localhost:3000/");
    expect(request.headers.get("origin")).toBe("http://localhost:3000");
    // cookies() wins over the Cookie header: it carries what a server action just set.
    expect(request.headers.get("cookie")).toBe("authjs.session-token=new; c=a%7Cb");
    expect(request.headers.get("content-type")).toBeNull();
    expect(request.headers.get("content-length")).toBeNull();
  });

  test("duplicate cookies read first-wins, as Auth.js and the route handler read them", () => {
    const headers = new Headers({ host: "h:1", cookie: "authjs.session-token=alice; authjs.session-token=bob; x=1" });
    // Next's cookie store keeps the last duplicate ("bob"); nothing was set in this request.
    const request = requestFromHeaders(headers, [
      { name: "authjs.session-token", value: "bob" },
      { name: "x", value: "1" },
    ]);
    expect(request.headers.get("cookie")).toBe("authjs.session-token=alice; x=1");
    // Three of a name, the store's "c" among them: still the first.
    const three = new Headers({ host: "h:1", cookie: "t=a; x=1; t=b;t=c" });
    expect(requestFromHeaders(three, [{ name: "t", value: "c" }]).headers.get("cookie")).toBe("t=a");
    // A cookie the action set wins over both.
    const updated = requestFromHeaders(headers, [{ name: "authjs.session-token", value: "carol" }]);
    expect(updated.headers.get("cookie")).toBe("authjs.session-token=carol");
  });

  test("has no Cookie header without cookies, and falls back to Host", () => {
    const request = requestFromHeaders(new Headers({ host: "h:1", cookie: "x=1" }), []);
    expect(request.headers.get("cookie")).toBeNull();
    expect(originFromHeaders(request.headers)).toBe("http://h:1");
  });
});

describe("actionFormFields", () => {
  test("the form's fields for signIn, without the $ACTION fields Next adds", () => {
    const form = new FormData();
    form.append("$ACTION_ID_abc", "");
    form.append("$ACTION_REF_1", "");
    form.append("email", "a@example.com");
    form.append("email", "b@example.com");
    expect({ ...actionFormFields(form) }).toEqual({ email: "a@example.com" });
  });
});

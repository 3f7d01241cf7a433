import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BASE_PATH, type StartedExample, runExampleConformance, startExample } from "./app.js";

runExampleConformance({ name: "next (http)" });

describe("next (http) / the app around the library", () => {
  let app: StartedExample;
  beforeAll(async () => {
    app = await startExample();
  });
  afterAll(async () => {
    await app?.stop();
  });

  test("a forged Host or X-Forwarded-Host does not change Auth.js's URLs (AUTH_URL defaults to the app's origin)", async () => {
    for (const headers of [{ host: "evil.example" }, { "x-forwarded-host": "evil.example" }]) {
      const providers = await rawGet(app.port, `${BASE_PATH}/providers`, headers);
      expect(providers.status).toBe(200);
      expect(providers.body).not.toContain("evil.example");
      expect(JSON.parse(providers.body).credentials.signinUrl).toBe(`${app.origin}${BASE_PATH}/signin/credentials`);
    }
  });

  /** The no-JavaScript post of a page's first server-action form, as a browser sends it. */
  async function actionForm(path: string, fields: Record<string, string>, cookie = "") {
    const html = await (await fetch(`${app.origin}${path}`, { headers: { cookie } })).text();
    const action = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(html)?.[1];
    expect(action).toBeDefined();
    const form = new FormData();
    form.set(action as string, "");
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    return form;
  }
  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${app.origin}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: app.origin, ...headers },
      body,
    });
  const ALICE = { email: "alice@example.com", password: "alice-password" };

  test("the sign-in form signs in without JavaScript, and refuses a post from another site without a 5xx", async () => {
    const signedIn = await post("/", await actionForm("/", ALICE));
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("location")).toBe("/dashboard");
    expect(signedIn.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token="))).toBe(true);

    for (const headers of [{ origin: "http://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }]) {
      const refused = await post("/", await actionForm("/", ALICE), headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(refused.headers.getSetCookie()).toEqual([]);
    }
  });

  test("a body that is not a form answers 400, never a 500, and signs nobody in", async () => {
    const form = await actionForm("/", ALICE);
    const action = [...form.keys()][0]?.slice("$ACTION_ID_".length) ?? "";
    const bodies: [string, string][] = [
      ["text/plain", "email=alice@example.com&password=alice-password"],
      ["multipart/form-data; boundary=x", "not a multipart body"],
      ["application/json", JSON.stringify(ALICE)],
    ];
    for (const [type, body] of bodies) {
      for (const headers of [{}, { "next-action": action }]) {
        const response = await post("/", body, { "content-type": type, ...headers });
        expect(response.status, `${type} ${JSON.stringify(headers)}`).toBe(400);
        expect(response.headers.getSetCookie()).toEqual([]);
      }
    }
  });

  test("signed out, /dashboard redirects to the sign-in page", async () => {
    const response = await fetch(`${app.origin}/dashboard`, { redirect: "manual" });
    expect(response.status).toBe(307);
    expect(new URL(response.headers.get("location") ?? "", app.origin).pathname).toBe("/");
  });
});

/** A GET with headers fetch() will not send as given (`Host`). */
function rawGet(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

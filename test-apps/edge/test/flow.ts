import { decode as stockDecode } from "@auth/core/jwt";
import { expect } from "vitest";
import { SECRET } from "./secret.js";

export type Dispatch = (url: string, init?: RequestInit) => Promise<Response>;

const ORIGIN = "http://localhost:8787";
const SESSION = "authjs.session-token";

/** A cookie jar of one browser: the `Set-Cookie` lines of each answer, as a `Cookie` header. */
function jar() {
  const cookies = new Map<string, string>();
  return {
    take(response: Response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair = ""] = line.split(";");
        const eq = pair.indexOf("=");
        const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
        if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) cookies.delete(name);
        else cookies.set(name, value);
      }
    },
    header: () => [...cookies].map(([name, value]) => `${name}=${value}`).join("; "),
    get: (name: string) => cookies.get(name),
    set: (name: string, value: string) => cookies.set(name, value),
  };
}

/**
 * Sign-in (Credentials, through `Auth()`), a session read, an update (`POST /auth/session`), the
 * read after it, and a forged cookie, on any runtime that answers `Request`s. The session cookie
 * must also read with stock `decode` in Node: what the runtime writes is Auth.js's format.
 */
export async function signInReadUpdate(dispatch: Dispatch): Promise<void> {
  const browser = jar();
  const send = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("cookie", browser.header());
    headers.set("origin", ORIGIN);
    const response = await dispatch(`${ORIGIN}${path}`, { ...init, headers, redirect: "manual" });
    browser.take(response);
    return response;
  };

  const { csrfToken } = (await (await send("/auth/csrf")).json()) as { csrfToken: string };
  expect(csrfToken).toMatch(/^[0-9a-f]{64}$/);

  const wrong = await send("/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email: "alice@example.com", password: "wrong" }),
  });
  expect(wrong.status).toBe(302);
  expect(wrong.headers.get("location")).toContain("error=CredentialsSignin");
  expect(browser.get(SESSION)).toBeUndefined();

  const signIn = await send("/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email: "alice@example.com", password: "alice-password" }),
  });
  expect(signIn.status).toBe(302);
  const token = browser.get(SESSION) ?? "";
  expect(token).not.toBe("");
  expect(await stockDecode({ token, secret: SECRET, salt: SESSION })).toMatchObject({
    sub: "alice",
    email: "alice@example.com",
  });

  const read = (await (await send("/auth/session")).json()) as {
    user?: { email?: string };
    selectedCompanyId?: string;
  };
  expect(read.user?.email).toBe("alice@example.com");
  expect(read.selectedCompanyId).toBeUndefined();

  const json = { "content-type": "application/json" };
  const refused = await send("/auth/session", {
    method: "POST",
    headers: json,
    body: JSON.stringify({ csrfToken, data: { selectedCompanyId: "initech" } }),
  });
  expect(refused.status).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");

  const update = await send("/auth/session", {
    method: "POST",
    headers: json,
    body: JSON.stringify({ csrfToken, data: { selectedCompanyId: "acme" } }),
  });
  expect(update.status).toBe(200);
  expect(((await update.json()) as { selectedCompanyId?: string }).selectedCompanyId).toBe("acme");
  const updated = browser.get(SESSION) ?? "";
  expect(updated).not.toBe("");
  expect(updated).not.toBe(token);
  expect(await stockDecode({ token: updated, secret: SECRET, salt: SESSION })).toMatchObject({
    sub: "alice",
    selectedCompanyId: "acme",
  });

  const after = (await (await send("/auth/session")).json()) as { selectedCompanyId?: string };
  expect(after.selectedCompanyId).toBe("acme");

  // The same token with `!` between the IV's characters: stock refuses it, so must every runtime.
  const parts = updated.split(".");
  browser.set(SESSION, parts.with(2, (parts[2] as string).split("").join("!")).join("."));
  const forged = await send("/auth/session");
  expect(await forged.json()).toBeNull();
}

import { readBodyText } from "../http/body.js";
import type { Runtime } from "../config/runtime.js";
import { SIGN_IN_BODY_LIMIT } from "./credentials-sign-in.js";

const FORM_ACTIONS = new Set(["signin", "callback", "signout"]);

/**
 * next-auth/react@4's `signIn` and `signOut` post a form with `json=true` and read `{ url }` from
 * the answer; Auth.js's client asks the same with `X-Auth-Return-Redirect`, and `Auth()` reads
 * only the header (a v4 client would get a redirect and fail on its HTML). Such a request goes on
 * with the header, its config, context and client address kept. Anything else, or a body that
 * cannot be read (too large, not UTF-8), goes on as it came, to be answered as before.
 */
export async function asV4ClientAsks(rt: Runtime, request: Request, action: string | undefined): Promise<Request> {
  if (request.method !== "POST" || action === undefined || !FORM_ACTIONS.has(action)) return request;
  if (request.headers.has("x-auth-return-redirect")) return request;
  if (!(request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded")) return request;
  let text: string;
  try {
    text = await readBodyText(request.clone(), SIGN_IN_BODY_LIMIT);
  } catch {
    return request;
  }
  if (new URLSearchParams(text).get("json") !== "true") return request;
  const headers = new Headers(request.headers);
  headers.set("x-auth-return-redirect", "1");
  headers.delete("content-length");
  const asked = new Request(request.url, { method: "POST", headers, body: text });
  const context = rt.requests.context.get(request);
  if (context) rt.requests.context.set(asked, context);
  rt.requests.outer.set(asked, rt.requests.outer.get(request) ?? request);
  return asked;
}

import { type SafeSession, type UpdateDefinitions, isSafeSessionError } from "@safe-session/core";
import { type SafeSessionError, cookieHeaderAfter } from "@safe-session/core/binding";
import { NextResponse } from "next/server";

/**
 * The header the proxy hands the render the page's path in. A server component is given no URL
 * (`headers()` has none), so without it `auth()` could not see what the address names. The proxy
 * always overwrites it, and core checks whatever it names with the field's `authorize` anyway.
 */
export const PAGE_PATH_HEADER = "x-safe-session-path";

/** How the proxy answers a URL naming a value the user may not have (default: the contract's 403). */
export type UrlFieldRefusal = (error: SafeSessionError, request: Request) => Response | Promise<Response>;

/**
 * What the app's proxy (Next 16; middleware in 15) answers for a page under `urlFields`:
 * a URL naming a value the user may not have is refused here (403, or the app's `onRefusal`);
 * else the request goes on with its path for `auth()` and, when the navigation wrote the value
 * (same-origin or direct), the new cookie — sent to the browser and handed to the render, which
 * cannot set cookies itself and so reads what was written instead of writing it again.
 */
export async function urlFieldsProxy<U extends UpdateDefinitions>(
  safe: SafeSession<U>,
  request: Request,
  onRefusal?: UrlFieldRefusal,
): Promise<Response> {
  const headers = new Headers(request.headers);
  const { pathname } = new URL(request.url);
  headers.set(PAGE_PATH_HEADER, pathname);
  if (safe.urlField(pathname) === undefined) return NextResponse.next({ request: { headers } });
  let result: Awaited<ReturnType<SafeSession<U>["readSession"]>>;
  try {
    result = await safe.readSession(request);
  } catch (error) {
    if (!isSafeSessionError(error) || error.code !== "FORBIDDEN") throw error;
    if (onRefusal) return onRefusal(error, request);
    return new NextResponse("You may not open this page.", {
      status: 403,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  const cookie = cookieHeaderAfter(request.headers.get("cookie"), result.cookies);
  if (cookie === "") headers.delete("cookie");
  else headers.set("cookie", cookie);
  const response = NextResponse.next({ request: { headers } });
  for (const line of result.headers.getSetCookie()) response.headers.append("set-cookie", line);
  return response;
}

/** The page's path the proxy handed over, when it is a path (never another host). */
export function pagePath(headers: Pick<Headers, "get">): string {
  const path = headers.get(PAGE_PATH_HEADER);
  return path?.startsWith("/") && !path.startsWith("//") && !path.includes("\\") ? path : "/";
}

import type { SafeSessionError } from "@safe-session/next";
import { type NextRequest, NextResponse } from "next/server";
import { getToken, sessionProxy } from "@/lib/auth";
import { refusalMessage } from "@/lib/refusal-message";

export async function proxy(request: NextRequest) {
  // A form posted from another site: Next refuses to run the action but answers 500; this says 403.
  if (request.method === "POST" && isCrossSite(request)) {
    return new NextResponse("Cross-site form posts are refused.", {
      status: 403,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  // Next decodes a server action's body before the action runs and answers 500 when it cannot:
  // a body it cannot read (a broken multipart, `text/plain` that is not an argument list) is refused here with 400.
  if (request.method === "POST" && !(await isReadableBody(request))) {
    return new NextResponse("This request did not carry a form.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  // Signed-out visitors of /dashboard go to the sign-in page (the page checks again on render).
  if (request.nextUrl.pathname.startsWith("/dashboard") && !(await getToken(request))) {
    return NextResponse.redirect(new URL("/", request.url));
  }
  // A company page: refused here (403) for a company the user is not a member of; a same-origin
  // visit makes it the session's company (a page cannot set cookies, the proxy can); the page's
  // `auth()` learns its path from what this hands on (and sends a signed-out visitor to sign in).
  return sessionProxy(request, refused);
}

/** Next's own rule for server actions (Origin against the forwarded or own Host), plus the browser's Sec-Fetch-Site. */
function isCrossSite(request: NextRequest): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return true;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true; // `Origin: null` and anything unparsable
  }
}

/** A form, or what React's client posts for an action called with arguments that hold no file: their JSON list. */
async function isReadableBody(request: NextRequest): Promise<boolean> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  try {
    // Next buffers the body for the proxy; the page still reads its own copy.
    if (type === "multipart/form-data" || type === "application/x-www-form-urlencoded")
      return Boolean(await request.clone().formData());
    if (type === "text/plain" && request.headers.has("next-action"))
      return Array.isArray(JSON.parse(await request.clone().text()));
  } catch {
    // unreadable: refused below
  }
  return false;
}

/** The refusal a person reads, as the other refusals of the app say it. */
function refused(error: SafeSessionError): Response {
  const message = refusalMessage({ code: error.code, field: error.field });
  const body = `<!doctype html><title>Not allowed</title><main><h1>Not allowed</h1><p role="alert">${message}</p><p><a href="/dashboard">Back to the dashboard</a></p></main>`;
  return new NextResponse(body, { status: 403, headers: { "content-type": "text/html; charset=utf-8" } });
}

// The pages (not /api/auth, which the library answers itself).
export const config = { matcher: ["/", "/dashboard/:path*", "/companies/:path*"] };

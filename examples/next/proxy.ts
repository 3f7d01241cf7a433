import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "@/lib/auth";

/** Signed-out visitors of /dashboard go to the sign-in page (the page checks again on render). */
export async function proxy(request: NextRequest) {
  if (await getToken(request)) return NextResponse.next();
  return NextResponse.redirect(new URL("/", request.url));
}

export const config = { matcher: ["/dashboard/:path*"] };

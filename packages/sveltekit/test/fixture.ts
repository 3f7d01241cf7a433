import type { AuthConfig } from "@auth/core";
import { CONTRACT_COMPANIES, CONTRACT_USERS } from "@safe-session/conformance";
import { type Cookies, type RequestEvent, isHttpError } from "@sveltejs/kit";
import { z } from "zod";
import { testConfig } from "../../core/test/support/fixture.js";
import type { KitCookieOptions } from "../src/cookies.js";
import { SafeSessionError, createSvelteKitSafeSession, defineUpdates } from "../src/index.js";

export const SECRETS = ["sveltekit-test-secret-current", "sveltekit-test-secret-previous"];
export const THROWING_COMPANY = "boom";
export const ORIGIN = "http://localhost:5173";

/** A self-contained app: the contract's users and companies, plus `name` and a throwing `authorize`. */
export function testApp(
  options: {
    legacyQueryUpdates?: { companyId: "selectedCompanyId" };
    rateLimit?: false | { max: number; windowSeconds: number };
    clientAddress?: (request: Request, event: RequestEvent) => string | undefined;
    nextAuthV4?: { claims: { companyId: "selectedCompanyId" } };
  } = {},
) {
  const memberships = new Set(["alice:acme", "alice:globex", "bob:initech"]);
  /** Every event the config function saw: it must be the SvelteKit event, not a bare Request. */
  const seen: RequestEvent[] = [];
  const updates = defineUpdates({
    selectedCompanyId: {
      schema: z.string().min(1).max(64),
      authorize: ({ value, token }) => {
        if (value === THROWING_COMPANY) throw new Error("membership lookup failed");
        return memberships.has(`${token.sub}:${value}`);
      },
      revalidate: { everySeconds: 0 },
    },
    name: { schema: z.string().trim().min(1).max(50) },
  });
  // The core tests' contract app (Credentials over the contract's accounts, `sub` = the account id).
  const config: AuthConfig = { ...testConfig(SECRETS), basePath: "/auth", pages: { signIn: "/", error: "/" } };
  const kit = createSvelteKitSafeSession({
    config: (event) => {
      seen.push(event);
      return config;
    },
    updates,
    env: {},
    urlFields: { selectedCompanyId: "/companies/:id/*" },
    ...options,
  });
  return { kit, memberships, seen, respond: (request: Request) => respond(kit, request) };
}

type App = ReturnType<typeof testApp>["kit"];

/**
 * What SvelteKit does around `handle`, reduced to what the binding touches: an event with
 * `locals` and `cookies`, `resolve` into a tiny app (a page, its form actions), and the
 * cookies set through `event.cookies` appended to whatever `handle` answered.
 */
export async function respond(kit: App, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const jar = new Map<string, { value: string; options: KitCookieOptions }>();
  const cookies = {
    get: (name: string) => jar.get(name)?.value,
    set: (name: string, value: string, options: KitCookieOptions) => void jar.set(name, { value, options }),
  } as unknown as Cookies;
  const event = {
    request,
    url,
    locals: {},
    cookies,
    params: {},
    route: { id: url.pathname },
  } as unknown as RequestEvent;
  // An `error()` thrown from `handle` is answered with its status, as SvelteKit answers it.
  const response = await Promise.resolve(kit.handle({ event, resolve: () => page(kit, event) })).catch(
    (thrown: unknown) => {
      if (isHttpError(thrown)) return new Response(thrown.body.message, { status: thrown.status });
      throw thrown;
    },
  );
  const out = new Response(response.body, response);
  for (const [name, { value, options }] of jar) out.headers.append("set-cookie", serialize(name, value, options));
  return out;
}

/** The app's routes; SvelteKit answers any other path 404. */
const PAGES = new Set(["/", "/dashboard"]);

/** `/dashboard`: `load` reads the session; `?/select`, `?/signOut` and `/?/signIn` are form actions. */
async function page(kit: App, event: RequestEvent): Promise<Response> {
  if (event.url.pathname.startsWith("/companies/")) return companyPage(event);
  if (!PAGES.has(event.url.pathname)) return new Response("Not Found", { status: 404 });
  const action = event.request.method === "POST" ? [...event.url.searchParams.keys()][0] : undefined;
  try {
    if (action === "/signIn") await kit.signIn(event as never);
    if (action === "/signOut") await kit.signOut(event as never);
    if (action === "/select") {
      const form = await event.request.formData();
      await kit.updateSession(event, { selectedCompanyId: String(form.get("companyId")) });
    }
  } catch (error) {
    if (error instanceof SafeSessionError) return Response.json({ code: error.code }, { status: error.status });
    if (isRedirect(error)) return new Response(null, { status: error.status, headers: { location: error.location } });
    throw error;
  }
  // What a `load` after the action sees: both calls must answer from one decode.
  const [session, again] = await Promise.all([
    (event.locals as { auth(): Promise<unknown> }).auth(),
    (event.locals as { auth(): Promise<unknown> }).auth(),
  ]);
  return Response.json({ session, same: session === again });
}

/** `/companies/[id]`: its `load` reads the session, whose company the address decided (`urlFields`). */
async function companyPage(event: RequestEvent): Promise<Response> {
  const session = (await (event.locals as { auth(): Promise<{ selectedCompanyId?: string } | null> }).auth()) ?? null;
  if (session === null) return new Response(null, { status: 303, headers: { location: "/" } });
  return new Response(`<h1>Managing ${session.selectedCompanyId}</h1>`, { headers: { "content-type": "text/html" } });
}

function isRedirect(error: unknown): error is { status: number; location: string } {
  return typeof error === "object" && error !== null && "location" in error && "status" in error;
}

function serialize(name: string, value: string, options: KitCookieOptions): string {
  let out = `${name}=${(options.encode ?? encodeURIComponent)(value)}; Path=${options.path}`;
  if (options.maxAge !== undefined) out += `; Max-Age=${options.maxAge}`;
  if (options.expires) out += `; Expires=${options.expires.toUTCString()}`;
  if (options.httpOnly) out += "; HttpOnly";
  if (options.secure) out += "; Secure";
  if (options.sameSite) out += `; SameSite=${options.sameSite}`;
  return out;
}

export { CONTRACT_COMPANIES, CONTRACT_USERS };

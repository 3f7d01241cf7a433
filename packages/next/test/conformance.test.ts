import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Harness, runConformance } from "@safe-session/conformance";
import { SECRETS, THROWING_COMPANY, companyPage, testApp } from "./fixture.js";

function harness(app: ReturnType<typeof testApp>, origin: string, fetch: Harness["fetch"]): Harness {
  return {
    fetch,
    origin,
    basePath: "/api/auth",
    secrets: SECRETS,
    users: app.users,
    companies: app.companies,
    nameField: true,
    throwingCompany: THROWING_COMPANY,
    revalidateSeconds: 0,
    revokeMembership: (user, company) => void app.memberships.delete(`${user}:${company}`),
    revokeUser: (user) => app.next.safe.revokeUser(user),
    grantMembership: (user, company) => void app.memberships.add(`${user}:${company}`),
  };
}

// App Router: the route handlers themselves, called as Next calls them (a method it has no
// export for gets Next's own bare 405).
runConformance({
  name: "next",
  setup() {
    // The suite's own traffic for the member passes the default 120 a minute; the rate-limit
    // scenario spends this limit with a user of its own.
    const app = testApp({
      legacyQueryUpdates: { companyId: "selectedCompanyId" },
      rateLimit: { max: 1000, windowSeconds: 60 },
    });
    const handlers: Record<string, (request: Request) => Promise<Response>> = app.next.handlers;
    return {
      ...harness(app, "http://localhost:3000", async (request) => {
        if (new URL(request.url).pathname.startsWith("/companies/")) return companyPage(app, request);
        return handlers[request.method] ? handlers[request.method]!(request) : new Response(null, { status: 405 });
      }),
      legacyQueryKey: "companyId",
      rateLimitMax: 1000,
      // The app's proxy and a page over `auth()`'s request (test/fixture.ts `companyPage`).
      urlField: { page: "/companies/:value", shows: { acme: "Managing acme", globex: "Managing globex" } },
    };
  },
});

// Pages Router: the API route behind a real Node server, so the req/res conversion is on the path.
let close: (() => void) | undefined;
runConformance({
  name: "next (pages)",
  async setup() {
    const app = testApp({ rateLimit: { max: 1000, windowSeconds: 60 } });
    const server = createServer((req, res) => {
      app.next.pagesHandler(req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    close = () => server.close();
    const { port } = server.address() as AddressInfo;
    return {
      ...harness(app, `http://127.0.0.1:${port}`, (request) => fetch(request, { redirect: "manual" })),
      rateLimitMax: 1000,
    };
  },
  teardown: () => close?.(),
});

import { CONTRACT_COMPANIES, CONTRACT_USERS, runConformance } from "@safe-session/conformance";
import { ORIGIN, SECRETS, THROWING_COMPANY, testApp } from "./fixture.js";

// The binding's own entry point, `handle`, with SvelteKit's event and resolve around it;
// once as configured by default and once with the recipe's `?companyId=` turned on (there the
// rate limit is off: its two extra scenarios would spend the member's last attempts of the window).
for (const legacyQueryKey of [false, "companyId"] as const) {
  runConformance({
    name: legacyQueryKey ? "sveltekit (legacy query)" : "sveltekit",
    setup() {
      const app = testApp(
        legacyQueryKey
          ? { legacyQueryUpdates: { companyId: "selectedCompanyId" }, rateLimit: false }
          : { rateLimit: { max: 1000, windowSeconds: 60 } },
      );
      return {
        fetch: app.respond,
        origin: ORIGIN,
        basePath: "/auth",
        secrets: SECRETS,
        users: CONTRACT_USERS,
        companies: CONTRACT_COMPANIES,
        nameField: true,
        revalidateSeconds: 0,
        throwingCompany: THROWING_COMPANY,
        legacyQueryKey,
        rateLimitMax: legacyQueryKey ? false : 1000,
        revokeMembership: (userId, companyId) => void app.memberships.delete(`${userId}:${companyId}`),
        revokeUser: (userId) => app.kit.safe.revokeUser(userId),
        grantMembership: (userId, companyId) => void app.memberships.add(`${userId}:${companyId}`),
        // `handle` refuses; the page's `load` reads the session the address decided.
        urlField: { page: "/companies/:value", shows: { acme: "Managing acme", globex: "Managing globex" } },
      };
    },
  });
}

// The vulnerable app's config: the demo accounts, its one field, no rate limit.
export default {
  url: process.env.SAFE_SESSION_URL ?? "http://localhost:3000",
  basePath: "/auth",
  secret: process.env.AUTH_SECRET,
  users: {
    member: { id: "alice", email: "alice@example.com", password: "alice-password" },
    other: { id: "bob", email: "bob@example.com", password: "bob-password" },
    spare: { id: "carol", email: "carol@example.com", password: "carol-password" },
  },
  field: "selectedCompanyId",
  values: { member: ["acme", "globex"], other: ["initech"], unknown: "no-such-company" },
  rateLimitMax: false,
  fuzzRuns: 50,
  ...(process.env.CONFORMANCE_TIMEOUT_SECONDS
    ? { timeoutSeconds: Number(process.env.CONFORMANCE_TIMEOUT_SECONDS) }
    : {}),
};

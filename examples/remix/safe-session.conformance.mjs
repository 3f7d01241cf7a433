// The shared conformance scenarios against this app, running: `npm start`, then
// `npx safe-session-conformance --config safe-session.conformance.mjs`. The app's own env
// (AUTH_SECRET_1/AUTH_SECRET, SAFE_SESSION_RATE_LIMIT_MAX) is read here too, so the two agree.
const secrets = [process.env.AUTH_SECRET_1, process.env.AUTH_SECRET].filter(Boolean);

export default {
  url: process.env.SAFE_SESSION_URL ?? "http://localhost:3000",
  basePath: "/auth",
  // With the secrets the token scenarios run too: tampering, stock interop, rotation.
  ...(secrets.length > 0 ? { secret: secrets } : {}),
  users: {
    member: { id: "alice", email: "alice@example.com", password: "alice-password" },
    other: { id: "bob", email: "bob@example.com", password: "bob-password" },
  },
  field: "selectedCompanyId",
  values: { member: ["acme", "globex"], other: ["initech"], unknown: "no-such-company" },
  // The company page (`urlFields`): what it shows for each company, for the URL-field scenarios.
  urlField: {
    page: "/companies/:value",
    shows: { acme: "Managing Acme Corp", globex: "Managing Globex", initech: "Managing Initech" },
  },
  rateLimitMax: Number(process.env.SAFE_SESSION_RATE_LIMIT_MAX ?? 120),
  // The app also declares `name`, which any user may change on their own session.
  nameField: true,
  // Its sign-in form, for the login-CSRF scenario (posted from another site, it must sign nobody in).
  signInForm: { path: "/?index&_data=routes%2F_index", fields: { callbackUrl: "/dashboard" } },
};

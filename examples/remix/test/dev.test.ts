import { REMIX_DEV, runExampleConformance } from "./app.js";

// `remix vite:dev` builds no load context (the Remix Vite plugin takes no `getLoadContext`), so the
// dev server counts no client address: only the per-account sign-in limits apply there.
runExampleConformance(REMIX_DEV, { name: "remix (vite dev)", fuzzRuns: 100, clientAddress: "none" });

import { REMIX_DEV, runExampleConformance } from "./app.js";

runExampleConformance(REMIX_DEV, { name: "remix (vite dev)", fuzzRuns: 100 });

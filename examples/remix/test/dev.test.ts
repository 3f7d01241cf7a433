import { runExampleConformance } from "@safe-session/demo-data/testing";
import { REMIX_DEV } from "./app.js";

runExampleConformance(REMIX_DEV, { name: "remix (vite dev)", fuzzRuns: 100 });

import { runExampleConformance } from "@safe-session/demo-data/testing";
import { NEXT_APP } from "./app.js";

runExampleConformance(NEXT_APP, { name: "next (http)" });

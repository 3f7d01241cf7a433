import { runExampleConformance } from "@safe-session/demo-data/testing";
import { REMIX_APP } from "./app.js";

runExampleConformance(REMIX_APP, { name: "remix (http)" });

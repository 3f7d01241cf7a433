import { runExampleBrowserFlow } from "@safe-session/demo-data/testing";
import { REMIX_APP } from "./app.js";

runExampleBrowserFlow(REMIX_APP, { name: "remix" });

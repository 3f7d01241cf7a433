import { runExampleBrowserFlow } from "@safe-session/demo-data/testing";
import { NEXT_APP } from "./app.js";

runExampleBrowserFlow(NEXT_APP, { name: "next" });

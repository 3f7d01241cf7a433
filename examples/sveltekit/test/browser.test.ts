import { runExampleBrowserFlow } from "@safe-session/demo-data/testing";
import { SVELTEKIT_APP } from "./app.js";

runExampleBrowserFlow(SVELTEKIT_APP, { name: "sveltekit" });

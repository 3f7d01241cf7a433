import { REMIX_SERVE, runExampleBrowserFlow } from "./app.js";

runExampleBrowserFlow(REMIX_SERVE, { name: "remix" });

import { EXPRESS_SERVER, runExampleBrowserFlow } from "./app.js";

runExampleBrowserFlow(EXPRESS_SERVER, { name: "remix" });

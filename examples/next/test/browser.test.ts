import { runExampleBrowserFlow } from "./app.js";

runExampleBrowserFlow({ name: "next" });

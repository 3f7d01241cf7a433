import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [reactRouter()],
  // The demo data (a linked workspace package, so Vite would bundle it) opens SQLite through a
  // native module: the package stays a runtime import, resolved where its dependencies are.
  ssr: { external: ["@safe-session/demo-data"] },
});

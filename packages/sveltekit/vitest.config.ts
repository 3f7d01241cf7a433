import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

const conditions = ["source", "module", "node", "development|production"];

export default defineProject({
  resolve: {
    conditions,
    // SvelteKit's virtual module, replaced by a recorder outside a SvelteKit build.
    alias: { "$app/navigation": fileURLToPath(new URL("./test/app-navigation.ts", import.meta.url)) },
  },
  ssr: { resolve: { conditions } },
  test: {
    name: "sveltekit",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
  },
});

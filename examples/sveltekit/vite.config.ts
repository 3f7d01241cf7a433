import { existsSync } from "node:fs";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

// `.env` (AUTH_SECRET, written by `npm create safe-session`) into process.env, which auth.ts reads:
// SvelteKit's dev server loads it only into `$env/*`. Variables already set win. start.js does the
// same for `npm start`.
if (existsSync(".env")) process.loadEnvFile?.(".env");

export default defineConfig({
  plugins: [sveltekit()],
  // `vite dev` on PORT (default 3000), the port auth.ts builds AUTH_URL from when it is unset.
  server: { port: Number(process.env.PORT ?? 3000), strictPort: true },
});

import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [sveltekit()],
  // `vite dev` on PORT (default 3000), the port auth.ts builds AUTH_URL from when it is unset.
  server: { port: Number(process.env.PORT ?? 3000), strictPort: true },
});

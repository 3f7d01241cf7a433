import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [sveltekit()],
  // One copy of SvelteKit for the app and the binding (its `redirect()` is checked by class), also
  // where the binding is a linked folder with a copy of its own, as in the safe-session repository.
  resolve: { dedupe: ["@sveltejs/kit"] },
  // `vite dev` on PORT (default 3000), the port auth.ts builds AUTH_URL from when it is unset.
  server: { port: Number(process.env.PORT ?? 3000), strictPort: true },
});

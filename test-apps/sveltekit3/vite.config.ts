import adapter from "@sveltejs/adapter-node";
import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

// SvelteKit 3: the project's config is the Vite plugin's (svelte.config.js is gone).
export default defineConfig({
  plugins: [sveltekit({ adapter: adapter() })],
  // The binding is linked from the workspace, where its own devDependency is Kit 2: one Kit for
  // the app, so the `redirect`/`error` it throws are the ones this Kit recognises. (Installed from
  // the registry, the binding's peer dependency is the app's Kit anyway.)
  resolve: { dedupe: ["@sveltejs/kit"] },
});

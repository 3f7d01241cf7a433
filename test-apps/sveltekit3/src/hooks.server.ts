import type { Handle } from "@sveltejs/kit";
import { handle as safeSessionHandle } from "./lib/server/auth";

// Typed with SvelteKit 3's own `Handle`: the binding's hook (typed against the Kit it was built
// with) must fit the Kit the app runs.
export const handle: Handle = safeSessionHandle;

import type { SafeSessionLocals } from "@safe-session/sveltekit";
import type { updates } from "./lib/server/auth";

declare global {
  namespace App {
    interface Locals extends SafeSessionLocals<typeof updates> {}
  }
}

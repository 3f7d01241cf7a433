import type { SafeSessionLocals } from "@safe-session/sveltekit";
import type { updates } from "$lib/server/auth";

declare global {
  namespace App {
    // `locals.auth()` answers the session typed with `selectedCompanyId`.
    interface Locals extends SafeSessionLocals<typeof updates> {}
  }
}

import { fileURLToPath } from "node:url";
import { packageProject } from "../../vitest.shared.js";

// SvelteKit's virtual module, replaced by a recorder outside a SvelteKit build.
const navigation = fileURLToPath(new URL("./test/app-navigation.ts", import.meta.url));

export default packageProject("sveltekit", {}, { "$app/navigation": navigation });

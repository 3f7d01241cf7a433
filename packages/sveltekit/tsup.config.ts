import { packageBuild } from "../../tsup.shared.js";

// SvelteKit's virtual modules exist only inside the app's Vite build.
export default packageBuild(["src/index.ts", "src/client.ts"], { external: [/^\$app\//] });

import { packageBuild } from "../../tsup.shared.js";

// Only a command: no library entry, so no declarations.
export default packageBuild(["src/bin.ts"], { dts: false });

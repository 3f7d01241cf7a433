import { packageBuild } from "../../tsup.shared.js";

export default packageBuild([
  "src/index.ts",
  "src/errors.ts",
  "src/crypto/jwt.ts",
  "src/client.ts",
  "src/binding/index.ts",
]);

// `pnpm build`: the repository's examples become the package's templates/ (published, gitignored).
import { join } from "node:path";
import { buildTemplates } from "../src/templates.js";

const root = join(import.meta.dirname, "..", "..", "..");
buildTemplates(root, join(import.meta.dirname, "..", "templates"));
console.log("templates/ written from examples/");

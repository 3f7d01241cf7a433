import { packageProject } from "../../vitest.shared.js";

// Setting up a target may initdb and start a PostgreSQL cluster first.
export default packageProject("kysely", { hookTimeout: 60_000 });

import { exampleProject } from "../../vitest.shared.js";

export default exampleProject("example-remix");

import { runConformance } from "@safe-session/conformance";
import { SECRET, coreHarness, databaseHarness } from "./fixture.js";

runConformance({ name: "core", setup: () => coreHarness() });

runConformance({
  name: "core (legacy GET, rotated secrets)",
  setup: () => coreHarness({ legacyQueryKey: "companyId", secrets: ["core-test-secret-rotated-new", SECRET] }),
});

runConformance({ name: "core (database sessions)", setup: () => databaseHarness() });

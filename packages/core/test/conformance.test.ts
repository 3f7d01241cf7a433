import { runConformance } from "@safe-session/conformance";
import { SECRET, coreHarness } from "./fixture.js";

runConformance({ name: "core", setup: () => coreHarness() });

runConformance({
  name: "core (legacy GET, rotated secrets)",
  setup: () => coreHarness({ legacyQueryKey: "companyId", secrets: ["core-test-secret-rotated-new", SECRET] }),
});

import { type TestProjectInlineConfiguration, defineProject } from "vitest/config";

// Tests run against the packages' source: their exports map has a `source` condition.
const conditions = ["source", "module", "node", "development|production"];

type Test = NonNullable<TestProjectInlineConfiguration["test"]>;

/** A package's test project: tests beside the code and in `test/`, against source. */
export function packageProject(name: string, test: Omit<Test, "name"> = {}, alias: Record<string, string> = {}) {
  return defineProject({
    resolve: { conditions, alias },
    ssr: { resolve: { conditions } },
    test: { name, include: ["src/**/*.test.ts", "test/**/*.test.ts"], ...test },
  });
}

/** An example's test project: each file starts its own production server, so hooks get room for a cold start. */
export function exampleProject(name: string) {
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: { name, include: ["test/**/*.test.ts"], hookTimeout: 180_000 },
  });
}

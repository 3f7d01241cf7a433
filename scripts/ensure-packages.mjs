#!/usr/bin/env node
// The examples import the built packages (`dist`). On a fresh clone `pnpm --filter ./examples/<name>
// build` must work on its own, so an example's build first builds the workspace packages it
// depends on when one of them is unbuilt. (`pnpm build` at the root builds them first anyway.)
import { execSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const manifest = JSON.parse(readFileSync("package.json", "utf8"));
const workspaceDeps = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })
  .filter(([, version]) => String(version).startsWith("workspace:"))
  .map(([name]) => name);
const unbuilt = workspaceDeps.filter((name) => !existsSync(join("node_modules", name, "dist", "index.js")));
if (unbuilt.length > 0) {
  console.log(`› building the workspace packages ${manifest.name} uses first (${unbuilt.join(", ")} unbuilt)`);
  execSync(`pnpm --filter "${manifest.name}^..." run build`, { stdio: "inherit" });
}

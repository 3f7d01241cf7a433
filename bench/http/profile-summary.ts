// Where a server's CPU time went: `node --import tsx profile-summary.ts profiles/<file>.cpuprofile [top]`
// (profiles come from `run.ts --cpu-prof`). Self time by package, then the hottest functions.
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg = "25"] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary.ts <file.cpuprofile> [top]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);

/** `node_modules/.pnpm/x/node_modules/@scope/pkg/…` → `@scope/pkg`; the app's own files; Node's internals. */
function owner(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith("node:")) return "node:internal";
  if (url.includes("/packages/")) return `workspace ${/\/packages\/([^/]+)/.exec(url)?.[1]}`;
  return "app";
}

const groups = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, time] of self) {
  const { callFrame } = byId.get(id)!;
  const group = owner(callFrame.url, callFrame.functionName);
  groups.set(group, (groups.get(group) ?? 0) + time);
  const key = `${callFrame.functionName || "(anonymous)"}  ${callFrame.url.replace(/.*node_modules\//, "").replace(/^file:\/\/.*\/work\/main\//, "")}:${callFrame.lineNumber + 1}`;
  functions.set(key, (functions.get(key) ?? 0) + time);
}
const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled\n\nself time by package`);
for (const [g, t] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${pct(t)}  ${g}`);
console.log("\nhottest functions (self time)");
for (const [f, t] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg)))
  console.log(`  ${pct(t)}  ${f}`);

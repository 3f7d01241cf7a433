// One app, two builds: STAGE=v4 is the seed's app as the recipe writes it (next-auth 4), STAGE=safe
// the same app after MIGRATING.md. A page file named `*.v4.ts(x)` or `*.safe.ts(x)` exists in its
// stage only; `*.page.tsx` in both (the client is migrated later: it is the same in both builds).
const stage = process.env.STAGE === "safe" ? "safe" : "v4";

export default {
  // Under .next, which the repository already ignores (git, biome).
  distDir: `.next/${stage}`,
  pageExtensions: [`${stage}.tsx`, `${stage}.ts`, "page.tsx", "page.ts"],
};

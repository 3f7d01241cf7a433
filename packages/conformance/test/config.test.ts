/** The command's refusals before any scenario runs: a config it cannot use, an app it cannot reach. Exit 2, naming why. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { main } from "../src/command.js";
import { freePort } from "../src/server.js";

const dir = mkdtempSync(join(tmpdir(), "conformance-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const valid = {
  url: "http://localhost:3000",
  basePath: "/api/auth",
  users: {
    member: { id: "u1", email: "ann@example.com", password: "ann-password" },
    other: { id: "u2", email: "ben@example.com", password: "ben-password" },
  },
  field: "activeTeamId",
  values: { member: ["team-a", "team-b"], other: ["team-c"], unknown: "no-such-team" },
  rateLimitMax: 120,
};

async function run(config: unknown, ...args: string[]): Promise<{ code: number; out: string }> {
  const file = join(dir, `${crypto.randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(config));
  const lines: string[] = [];
  const code = await main(["--config", file, ...args], { line: (text) => lines.push(text) });
  return { code, out: lines.join("\n") };
}

describe("safe-session-conformance refuses a config it cannot use (exit 2, naming the key)", () => {
  test.each([
    ["url", { ...valid, url: undefined }, /^safe-session-conformance: config: url: missing/],
    ["url", { ...valid, url: "localhost:3000/app" }, /config: url: /],
    ["basePath", { ...valid, basePath: "api/auth" }, /config: basePath: must start with "\/"/],
    ["users.member.password", { ...valid, users: { ...valid.users, member: { id: "u1", email: "ann@example.com" } } }, /config: users\.member\.password: missing/],
    ["users.other", { ...valid, users: { ...valid.users, other: valid.users.member } }, /config: users\.other: must be another account/],
    ["values.member", { ...valid, values: { ...valid.values, member: ["team-a"] } }, /config: values\.member: must be an array of at least 2/],
    ["values.unknown", { ...valid, values: { ...valid.values, unknown: "team-a" } }, /config: values\.unknown: must be a value nobody may set/],
    ["rateLimitMax", { ...valid, rateLimitMax: "120" }, /config: rateLimitMax: must be a positive integer/],
    ["secret", { ...valid, signIn: "token" }, /config: secret: signIn: "token" seals sessions with it/],
    ["a typo", { ...valid, feild: "x" }, /config: feild: unknown key/],
    ["signInForm.path", { ...valid, signInForm: { path: "https://evil.example/login" } }, /config: signInForm\.path: must be a path on the app/],
    ["signInForm.fields", { ...valid, signInForm: { path: "/login", fields: { remember: true } } }, /config: signInForm\.fields: must be an object of strings/],
    ["signInRateLimit", { ...valid, signInRateLimit: 0 }, /config: signInRateLimit: must be a positive integer/],
  ])("%s", async (_key, config, message) => {
    const { code, out } = await run(config);
    expect(code).toBe(2);
    expect(out).toMatch(message);
  });

  test("a file that does not exist, and an unknown --only id", async () => {
    const missing = await main(["--config", join(dir, "nope.mjs")], { line: () => {} });
    expect(missing).toBe(2);
    const { code, out } = await run(valid, "--only", "mass-assignment.nope");
    expect(code).toBe(2);
    expect(out).toMatch(/--only: no scenario "mass-assignment.nope"/);
  });

  test("an app it cannot reach", async () => {
    const port = await freePort();
    const { code, out } = await run({ ...valid, url: `http://127.0.0.1:${port}` });
    expect(code).toBe(2);
    expect(out).toMatch(new RegExp(`cannot reach http://127.0.0.1:${port}/api/auth/csrf \\(ECONNREFUSED\\)`));
  });
});

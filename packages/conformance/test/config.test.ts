/** The command's refusals before any scenario runs: a config it cannot use, an app it cannot reach. Exit 2, naming why. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { main } from "../src/command.js";
import { configHarness, validateConfig } from "../src/config.js";
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
    [
      "users.member.password",
      { ...valid, users: { ...valid.users, member: { id: "u1", email: "ann@example.com" } } },
      /config: users\.member\.password: missing/,
    ],
    [
      "users.other",
      { ...valid, users: { ...valid.users, other: valid.users.member } },
      /config: users\.other: must be another account/,
    ],
    [
      "values.member",
      { ...valid, values: { ...valid.values, member: ["team-a"] } },
      /config: values\.member: must be an array of at least 2/,
    ],
    [
      "values.unknown",
      { ...valid, values: { ...valid.values, unknown: "team-a" } },
      /config: values\.unknown: must be a value nobody may set/,
    ],
    ["rateLimitMax", { ...valid, rateLimitMax: "120" }, /config: rateLimitMax: must be a positive integer/],
    ["secret", { ...valid, signIn: "token" }, /config: secret: signIn: "token" seals sessions with it/],
    ["a typo", { ...valid, feild: "x" }, /config: feild: unknown key/],
    [
      "signInForm.path",
      { ...valid, signInForm: { path: "https://evil.example/login" } },
      /config: signInForm\.path: must be a path on the app/,
    ],
    [
      "signInForm.fields",
      { ...valid, signInForm: { path: "/login", fields: { remember: true } } },
      /config: signInForm\.fields: must be an object of strings/,
    ],
    ["signInRateLimit", { ...valid, signInRateLimit: 0 }, /config: signInRateLimit: must be a positive integer/],
  ])("%s", async (_key, config, message) => {
    const { code, out } = await run(config);
    expect(code).toBe(2);
    expect(out).toMatch(message);
  });

  test("a config error never prints a configured secret or password, only its shape", async () => {
    const secret = await run({ ...valid, secret: ["real-secret-value-0123456789", null] });
    expect(secret.code).toBe(2);
    expect(secret.out).toMatch(/config: secret: must be an array of at least 1 non-empty string \(got \["…",null\]\)/);
    expect(secret.out).not.toContain("real-secret-value");
    const password = await run({
      ...valid,
      users: { ...valid.users, member: { ...valid.users.member, password: 271828 } },
    });
    expect(password.out).toMatch(/config: users\.member\.password: must be a non-empty string \(got "…"\)/);
    expect(password.out).not.toContain("271828");
    const spare = await run({
      ...valid,
      users: { ...valid.users, spare: { ...valid.users.member, password: "spare-password-value" } },
    });
    expect(spare.out).toMatch(/config: users\.spare: must be a third account/);
    expect(spare.out).not.toContain("spare-password-value");
    // V8 quotes the text around a JSON syntax error: the message keeps the position only.
    const file = join(dir, "broken.json");
    writeFileSync(file, '{"users": {"member": {"password": "leaky-password-value" oops}}}');
    const lines: string[] = [];
    expect(await main(["--config", file], { line: (text) => lines.push(text) })).toBe(2);
    expect(lines.join("\n")).toMatch(/is not JSON/);
    expect(lines.join("\n")).not.toContain("leaky-password-value");
  });

  test("the new keys: clientAddress, signInAddressLimit, users.spare", async () => {
    expect((await run({ ...valid, clientAddress: "proxy" })).out).toMatch(
      /config: clientAddress: must be "connection" or "none"/,
    );
    expect((await run({ ...valid, signInAddressLimit: -1 })).out).toMatch(
      /config: signInAddressLimit: must be a positive integer/,
    );
    const harness = configHarness(
      validateConfig({
        ...valid,
        users: { ...valid.users, spare: { id: "u3", email: "cy@example.com", password: "cy-password" } },
      }),
    );
    expect(harness).toMatchObject({
      clientAddress: "connection",
      spareUser: { id: "u3" },
      users: { member: { id: "u1" }, other: { id: "u2" } },
    });
    expect("spare" in harness.users).toBe(false);
    expect(configHarness(validateConfig({ ...valid, clientAddress: "none", signInAddressLimit: false }))).toMatchObject(
      { clientAddress: "none", signInAddressLimit: false },
    );
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

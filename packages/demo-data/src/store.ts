import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";

export interface DemoUser {
  id: string;
  email: string;
  name: string;
}

export interface DemoCompany {
  id: string;
  name: string;
}

/** The contract's demo accounts; passwords are stored only as scrypt hashes. */
export const DEMO_USERS = [
  { id: "alice", email: "alice@example.com", name: "Alice", password: "alice-password" },
  { id: "bob", email: "bob@example.com", name: "Bob", password: "bob-password" },
] as const;

export const DEMO_COMPANIES: readonly DemoCompany[] = [
  { id: "acme", name: "Acme Corp" },
  { id: "globex", name: "Globex" },
  { id: "initech", name: "Initech" },
];

export const DEMO_MEMBERSHIPS: readonly (readonly [userId: string, companyId: string])[] = [
  ["alice", "acme"],
  ["alice", "globex"],
  ["bob", "initech"],
];

export interface DemoStore {
  /** The SQLite file (resolved), or `:memory:`. */
  readonly file: string;
  /** The user for these credentials, or `null`; constant-time on the password. */
  verifyCredentials(email: unknown, password: unknown): DemoUser | null;
  companiesOf(userId: string): DemoCompany[];
  company(companyId: string): DemoCompany | null;
  isMember(userId: string, companyId: string): boolean;
  revoke(userId: string, companyId: string): void;
  grant(userId: string, companyId: string): void;
  close(): void;
}

function hashPassword(password: string, salt = randomBytes(16).toString("hex")): string {
  return `${salt}:${scryptSync(password, salt, 32).toString("hex")}`;
}

function passwordMatches(stored: string, password: string): boolean {
  const [salt = "", hash = ""] = stored.split(":");
  const actual = scryptSync(password, salt, 32);
  const expected = Buffer.from(hash, "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

// Spent on unknown emails too, so the response time does not tell which emails exist.
const DUMMY_HASH = hashPassword("not-a-password");

/**
 * Opens (and on first use creates and seeds) the demo SQLite file.
 * Default path: `DEMO_DB`, else `.data/demo.db` under the current directory.
 */
export function openDemoStore(path = process.env.DEMO_DB ?? ".data/demo.db"): DemoStore {
  const file = path === ":memory:" ? path : resolve(/* turbopackIgnore: true */ path);
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  db.pragma("journal_mode = WAL");
  db.exec(`
    CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, password_hash TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS companies (id TEXT PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS memberships (user_id TEXT NOT NULL REFERENCES users(id), company_id TEXT NOT NULL REFERENCES companies(id), PRIMARY KEY (user_id, company_id));
  `);
  const seeded = db.prepare("SELECT COUNT(*) AS n FROM users").get() as { n: number };
  if (seeded.n === 0) {
    db.transaction(() => {
      const user = db.prepare("INSERT INTO users (id, email, name, password_hash) VALUES (?, ?, ?, ?)");
      for (const u of DEMO_USERS) user.run(u.id, u.email, u.name, hashPassword(u.password));
      const company = db.prepare("INSERT INTO companies (id, name) VALUES (?, ?)");
      for (const c of DEMO_COMPANIES) company.run(c.id, c.name);
      const member = db.prepare("INSERT INTO memberships (user_id, company_id) VALUES (?, ?)");
      for (const [u, c] of DEMO_MEMBERSHIPS) member.run(u, c);
    })();
  }
  const byEmail = db.prepare("SELECT id, email, name, password_hash AS hash FROM users WHERE email = ?");
  const companiesOf = db.prepare(
    "SELECT c.id, c.name FROM companies c JOIN memberships m ON m.company_id = c.id WHERE m.user_id = ? ORDER BY c.name",
  );
  const company = db.prepare("SELECT id, name FROM companies WHERE id = ?");
  const member = db.prepare("SELECT 1 AS ok FROM memberships WHERE user_id = ? AND company_id = ?");
  const revoke = db.prepare("DELETE FROM memberships WHERE user_id = ? AND company_id = ?");
  const grant = db.prepare("INSERT OR IGNORE INTO memberships (user_id, company_id) VALUES (?, ?)");

  return {
    file,
    verifyCredentials(email, password) {
      if (typeof email !== "string" || typeof password !== "string") return null;
      const row = byEmail.get(email.trim().toLowerCase()) as (DemoUser & { hash: string }) | undefined;
      const ok = passwordMatches(row?.hash ?? DUMMY_HASH, password);
      return row && ok ? { id: row.id, email: row.email, name: row.name } : null;
    },
    companiesOf: (userId) => companiesOf.all(userId) as DemoCompany[],
    company: (companyId) => (company.get(companyId) as DemoCompany | undefined) ?? null,
    isMember: (userId, companyId) => member.get(userId, companyId) !== undefined,
    revoke: (userId, companyId) => void revoke.run(userId, companyId),
    grant: (userId, companyId) => void grant.run(userId, companyId),
    close: () => db.close(),
  };
}

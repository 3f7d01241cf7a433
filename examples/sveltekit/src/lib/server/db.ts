import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";

// The app's own data: users, companies and who belongs to which, in one SQLite file
// (`DEMO_DB`, default `.data/app.db`), created and seeded with two demo accounts on first use.
// Replace this module with your real database; the auth setup only needs the functions below.

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Company {
  id: string;
  name: string;
}

/** A company's own page: its name and what it does. */
export interface CompanyProfile extends Company {
  description: string;
}

// The demo accounts, created in a new file. Passwords are stored only as scrypt hashes.
const SEED = {
  users: [
    { id: "alice", email: "alice@example.com", name: "Alice", password: "alice-password" },
    { id: "bob", email: "bob@example.com", name: "Bob", password: "bob-password" },
  ],
  companies: [
    { id: "acme", name: "Acme Corp" },
    { id: "globex", name: "Globex" },
    { id: "initech", name: "Initech" },
  ],
  memberships: [
    ["alice", "acme"],
    ["alice", "globex"],
    ["bob", "initech"],
  ],
};

// What each demo company's page says; kept here, not in the file, so a database seeded before
// these pages existed shows them too.
const DESCRIPTIONS: Record<string, string> = {
  acme: "Anvils, rockets and roller skates, shipped anywhere in the desert by mail order.",
  globex: "Unusually large-scale engineering, from a campus in Cypress Creek.",
  initech: "Software for banks, one cover sheet for every TPS report.",
};

function hashPassword(password: string, salt = randomBytes(16).toString("hex")): string {
  return `${salt}:${scryptSync(password, salt, 32).toString("hex")}`;
}

function passwordMatches(stored: string, password: string): boolean {
  const [salt = "", hash = ""] = stored.split(":");
  const expected = Buffer.from(hash, "hex");
  const actual = scryptSync(password, salt, 32);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

// Hashed for unknown emails too, so the answer's timing does not tell which emails exist.
const UNKNOWN_USER_HASH = hashPassword("not-a-password");

function open(): Database.Database {
  // The path is known only at run time: `turbopackIgnore` keeps Next's bundler from tracing it.
  const file = resolve(/* turbopackIgnore: true */ process.env.DEMO_DB ?? ".data/app.db");
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  db.pragma("journal_mode = WAL");
  db.exec(`
    CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, password_hash TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS companies (id TEXT PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS memberships (user_id TEXT NOT NULL REFERENCES users(id), company_id TEXT NOT NULL REFERENCES companies(id), PRIMARY KEY (user_id, company_id));
  `);
  // IMMEDIATE takes the write lock before looking: two processes opening a new file at once
  // (two instances, or the app and a test) seed it once.
  db.transaction(() => {
    if (db.prepare("SELECT 1 FROM users LIMIT 1").get()) return;
    const user = db.prepare("INSERT INTO users (id, email, name, password_hash) VALUES (?, ?, ?, ?)");
    for (const u of SEED.users) user.run(u.id, u.email, u.name, hashPassword(u.password));
    const company = db.prepare("INSERT INTO companies (id, name) VALUES (?, ?)");
    for (const c of SEED.companies) company.run(c.id, c.name);
    const member = db.prepare("INSERT INTO memberships (user_id, company_id) VALUES (?, ?)");
    for (const [userId, companyId] of SEED.memberships) member.run(userId, companyId);
  }).immediate();
  return db;
}

let connection: Database.Database | undefined;

/** The connection, opened on first use: a build (`next build`'s workers, `vite build`) imports this module and needs no file. */
export function sqlite(): Database.Database {
  connection ??= open();
  return connection;
}

/** The user with this email and password, or `null`. Inputs come from the sign-in form: anything. */
export function verifyCredentials(email: unknown, password: unknown): User | null {
  if (typeof email !== "string" || typeof password !== "string") return null;
  const row = sqlite()
    .prepare("SELECT id, email, name, password_hash AS hash FROM users WHERE email = ?")
    .get(email.trim().toLowerCase()) as (User & { hash: string }) | undefined;
  const matches = passwordMatches(row?.hash ?? UNKNOWN_USER_HASH, password);
  return row && matches ? { id: row.id, email: row.email, name: row.name } : null;
}

export function companiesOf(userId: string): Company[] {
  return sqlite()
    .prepare(
      "SELECT c.id, c.name FROM companies c JOIN memberships m ON m.company_id = c.id WHERE m.user_id = ? ORDER BY c.name",
    )
    .all(userId) as Company[];
}

export function isMember(userId: string, companyId: string): boolean {
  return (
    sqlite().prepare("SELECT 1 FROM memberships WHERE user_id = ? AND company_id = ?").get(userId, companyId) !==
    undefined
  );
}

/** The company's page, or `null` when there is no such company. The caller checks membership (the session's `urlFields`). */
export function companyProfile(companyId: string): CompanyProfile | null {
  const row = sqlite().prepare("SELECT id, name FROM companies WHERE id = ?").get(companyId) as Company | undefined;
  return row ? { ...row, description: DESCRIPTIONS[row.id] ?? "" } : null;
}

// The app's data, the same before and after the switch: two users and who belongs to which company.

export const COMPANIES: Record<string, string> = { acme: "Acme Corp", globex: "Globex", initech: "Initech" };

const USERS = [
  { id: "alice", email: "alice@example.com", password: "alice-password", name: "Alice" },
  { id: "bob", email: "bob@example.com", password: "bob-password", name: "Bob" },
];
const MEMBERSHIPS = new Set(["alice:acme", "alice:globex", "bob:initech"]);

export function verifyCredentials(
  email: unknown,
  password: unknown,
): { id: string; email: string; name: string } | null {
  const user = USERS.find((u) => u.email === email && u.password === password);
  return user ? { id: user.id, email: user.email, name: user.name } : null;
}

export function isMember(userId: unknown, companyId: string): boolean {
  return typeof userId === "string" && MEMBERSHIPS.has(`${userId}:${companyId}`);
}

/** Mass assignment: claims the client may never write. */
import { strict as assert } from "node:assert";
import { refused, type Scenario, withCompany } from "./support.js";

function refusedClaim(id: string, key: string, value: unknown): Scenario {
  return {
    id: `mass-assignment.${id}`,
    title: `refuses mass assignment of ${JSON.stringify(key)} with UNKNOWN_FIELD`,
    async run(h) {
      const client = await withCompany(h);
      const data = JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}}`);
      await refused(client, "UNKNOWN_FIELD", () => client.update(data));
      assert.equal(Object.hasOwn(Object.prototype, "polluted"), false);
    },
  };
}

export const massAssignment: Scenario[] = [
  refusedClaim("sub", "sub", "bob"),
  refusedClaim("email", "email", "bob@example.com"),
  refusedClaim("role", "role", "admin"),
  refusedClaim("exp", "exp", 9999999999),
  refusedClaim("jti", "jti", "replayed"),
  refusedClaim("nested", "user", { id: "bob", email: "bob@example.com" }),
  refusedClaim("dotted", "user.id", "bob"),
  refusedClaim("proto", "__proto__", { polluted: true, sub: "bob" }),
  refusedClaim("constructor", "constructor", { prototype: { polluted: true } }),
  refusedClaim("prototype", "prototype", { polluted: true }),
  refusedClaim("internal-claim", "ssv", { selectedCompanyId: 9999999999 }),
];

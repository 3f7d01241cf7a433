/** Mass assignment: claims the client may never write. */
import { strict as assert } from "node:assert";
import type { Account } from "../harness.js";
import { refused, type Scenario, withCompany } from "./support.js";

/** A claim and what a client would write into it: `other`'s identity, for a takeover. */
function refusedClaim(id: string, key: string, value: (other: Account) => unknown): Scenario {
  return {
    id: `mass-assignment.${id}`,
    title: `refuses mass assignment of ${JSON.stringify(key)} with UNKNOWN_FIELD`,
    async run(h) {
      const client = await withCompany(h);
      const data = JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value(h.users.other))}}`);
      await refused(client, "UNKNOWN_FIELD", () => client.update(data));
      assert.equal(Object.hasOwn(Object.prototype, "polluted"), false);
    },
  };
}

export const massAssignment: Scenario[] = [
  refusedClaim("sub", "sub", (other) => other.id),
  refusedClaim("email", "email", (other) => other.email),
  refusedClaim("role", "role", () => "admin"),
  refusedClaim("exp", "exp", () => 9999999999),
  refusedClaim("jti", "jti", () => "replayed"),
  refusedClaim("nested", "user", (other) => ({ id: other.id, email: other.email })),
  refusedClaim("dotted", "user.id", (other) => other.id),
  refusedClaim("proto", "__proto__", (other) => ({ polluted: true, sub: other.id })),
  refusedClaim("constructor", "constructor", () => ({ prototype: { polluted: true } })),
  refusedClaim("prototype", "prototype", () => ({ polluted: true })),
  refusedClaim("internal-claim", "ssv", () => ({ selectedCompanyId: 9999999999 })),
];

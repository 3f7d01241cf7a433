/** Values: type confusion and authorization. */
import { strict as assert } from "node:assert";
import { type Harness, valuesOf } from "../harness.js";
import { forbiddenCode, invalidCode, refused, type Scenario, selected, signedIn, withCompany } from "./support.js";

function invalidValue(id: string, label: string, value: unknown): Scenario {
  return {
    id: `type-confusion.${id}`,
    title: `refuses ${label} with INVALID_VALUE`,
    async run(h) {
      const client = await withCompany(h);
      // Only a string the schema might hold can be judged by `authorize` instead.
      await refused(
        client,
        typeof value === "string" ? invalidCode(h) : "INVALID_VALUE",
        () => client.update({ [client.field]: value }),
        client.field,
      );
    },
  };
}

function forbiddenValue(
  id: string,
  label: string,
  value: (h: Harness) => string,
  requires?: Scenario["requires"],
): Scenario {
  return {
    id: `authorization.${id}`,
    title: `refuses ${label} with FORBIDDEN`,
    ...(requires ? { requires } : {}),
    async run(h) {
      const client = await withCompany(h);
      await refused(client, forbiddenCode(h), () => client.update({ [client.field]: value(h) }), client.field);
    },
  };
}

/** The member's own value in upper case (lower case when it already is upper case). */
function caseVariant(h: Harness): string {
  const { own } = valuesOf(h);
  return own.toUpperCase() === own ? own.toLowerCase() : own.toUpperCase();
}

export const values: Scenario[] = [
  invalidValue("number", "a number", 42),
  invalidValue("boolean", "a boolean", true),
  invalidValue("array", "an array", ["acme"]),
  invalidValue("operator-object", "an operator object", { $ne: "" }),
  invalidValue("empty", "an empty string", ""),
  invalidValue("too-long", "a 65-character string", "a".repeat(65)),
  invalidValue("huge", "a 7 000-character string", "x".repeat(7000)),
  {
    id: "type-confusion.no-echo",
    title: "never echoes a rejected value in the error",
    async run(h) {
      const client = await withCompany(h);
      const secret = `sk_live_${"9".repeat(80)}`;
      const response = await client.update({ [client.field]: secret });
      if (h.valueCodes === "either")
        assert.ok(response.status === 400 || response.status === 403, `a refusal (got ${response.status})`);
      else assert.equal(response.status, 400);
      assert.ok(!(await response.text()).includes("sk_live_"), "the value is not echoed");
    },
  },
  forbiddenValue(
    "control-characters",
    "control characters around an own company",
    (h) => `\u0000${valuesOf(h).own}\u0007`,
  ),
  forbiddenValue("lone-surrogate", "a lone surrogate", () => "\ud800"),
  forbiddenValue("non-member", "another user's company", (h) => valuesOf(h).others),
  forbiddenValue("unknown-company", "an unknown company", (h) => valuesOf(h).unknown),
  forbiddenValue("case-variant", "a case variant of an own company", caseVariant, (h) =>
    caseVariant(h) === valuesOf(h).own ? "the member's value has no letters whose case could change" : undefined,
  ),
  {
    id: "authorization.other-user",
    title: "refuses the member's company to the other user with FORBIDDEN",
    async run(h) {
      const other = await signedIn(h, "other");
      await refused(other, "FORBIDDEN", () => other.update({ [other.field]: valuesOf(h).own }), other.field);
    },
  },
  {
    id: "authorization.throws",
    title: "an authorize that throws answers FORBIDDEN, never 5xx",
    requires: (h) => (h.throwingCompany ? undefined : "the target's authorize has no input that makes it throw"),
    async run(h) {
      const client = await withCompany(h);
      await refused(
        client,
        "FORBIDDEN",
        () => client.update({ [client.field]: h.throwingCompany as string }),
        client.field,
      );
    },
  },
  {
    id: "authorization.revoked-revalidation",
    title: "a revoked membership disappears on the next read when revalidation is due",
    requires: (h) =>
      !h.revokeMembership || !h.grantMembership
        ? "the target cannot revoke memberships from the test"
        : (h.revalidateSeconds ?? 300) > 0
          ? "the target revalidates later than the test can wait"
          : undefined,
    async run(h) {
      const client = await withCompany(h);
      assert.equal(await selected(client), valuesOf(h).own);
      await h.revokeMembership?.(h.users.member.id, valuesOf(h).own);
      try {
        const session = await client.session();
        assert.ok(session, "still signed in");
        assert.equal(session[client.field], undefined, "the revoked company is dropped");
        assert.equal(
          (await client.token())?.[client.field],
          undefined,
          "and the refreshed cookie no longer carries it",
        );
        await refused(client, "FORBIDDEN", () => client.update({ [client.field]: valuesOf(h).own }), client.field);
      } finally {
        await h.grantMembership?.(h.users.member.id, valuesOf(h).own);
      }
    },
  },
];

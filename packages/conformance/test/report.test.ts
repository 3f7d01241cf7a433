/** A failure is a vulnerability (the session changed, someone got in, a limit let more through) or a contract difference. */
import { strict as assert } from "node:assert";
import { describe, expect, test } from "vitest";
import { failureLines, summarize, summaryLine } from "../src/report.js";
import { DIFFERENCE, classify } from "../src/risks.js";
import { ContractDifference, RefusalFailure } from "../src/scenarios/support.js";

const refusal = (contract: string, outcome: ConstructorParameters<typeof RefusalFailure>[2]) =>
  new RefusalFailure("refused otherwise", contract, outcome);
const thrown = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("did not throw");
};

describe("classify", () => {
  test("a refusal: by whether the session changed", () => {
    // Stock Auth.js refusing a post without csrfToken: `400 null`, the session unchanged.
    expect(
      classify(
        "csrf.missing",
        refusal("403 CSRF, the session unchanged", { status: 400, sessionChanged: false, body: "null" }),
      ),
    ).toBe("contract-difference");
    expect(
      classify(
        "mass-assignment.sub",
        refusal("400 UNKNOWN_FIELD, the session unchanged", { status: 200, sessionChanged: true, body: "{}" }),
      ),
    ).toBe("vulnerability");
    // Accepted and not readable back: it cannot be shown harmless.
    expect(classify("csrf.missing", refusal("403 CSRF, the session unchanged", { status: 200, body: "{}" }))).toBe(
      "vulnerability",
    );
    expect(classify("csrf.missing", refusal("403 CSRF, the session unchanged", { status: 500, body: "<h1>" }))).toBe(
      "contract-difference",
    );
  });

  test("a limit that did not answer 429 let the attempt through", () => {
    expect(
      classify(
        "rate-limit.updates",
        refusal("429 RATE_LIMITED, the session unchanged", {
          status: 403,
          code: "FORBIDDEN",
          sessionChanged: false,
          body: "",
        }),
      ),
    ).toBe("vulnerability");
    expect(
      classify(
        "rate-limit.updates",
        refusal("429 RATE_LIMITED, the session unchanged", { status: 429, sessionChanged: false, body: "" }),
      ),
    ).toBe("contract-difference");
  });

  test("a plain check: by what it guards; a check of the answer's shape, or one that never finished, is a difference", () => {
    const failed = thrown(() => assert.ok(false, "nobody is signed in"));
    expect(classify("security.sign-in-burst", failed)).toBe("vulnerability");
    expect(classify("tokens.tampered", failed)).toBe("vulnerability");
    expect(classify("flow.select-and-reload", failed)).toBe("contract-difference");
    expect(classify("security.sign-in-throttle", new ContractDifference("Retry-After is a positive number"))).toBe(
      "contract-difference",
    );
    expect(classify("security.sign-in-burst", new Error("no result within 30 s"))).toBe("contract-difference");
  });
});

test("the summary counts vulnerabilities and contract differences apart, and the lines say which", () => {
  const failure = (kind: "vulnerability" | "contract-difference") => ({
    kind,
    message: "m",
    expected: "e",
    got: { status: 400 },
    risk: kind === "vulnerability" ? "r" : DIFFERENCE,
  });
  const reports = [
    { id: "a.a", title: "a", status: "pass" as const, durationMs: 1 },
    { id: "b.b", title: "b", status: "fail" as const, durationMs: 1, failure: failure("vulnerability") },
    { id: "c.c", title: "c", status: "fail" as const, durationMs: 1, failure: failure("contract-difference") },
    { id: "d.d", title: "d", status: "fail" as const, durationMs: 1, failure: failure("contract-difference") },
    { id: "e.e", title: "e", status: "skip" as const, durationMs: 0, reason: "r" },
  ];
  const summary = summarize(reports);
  expect(summary).toEqual({ passed: 1, failed: 3, vulnerabilities: 1, contractDifferences: 2, skipped: 1, total: 5 });
  expect(summaryLine(summary)).toBe("1 passed, 3 failed (1 vulnerability, 2 contract differences), 1 skipped");
  expect(summaryLine(summarize(reports.slice(0, 1)))).toBe("1 passed, 0 failed, 0 skipped");
  expect(failureLines(failure("contract-difference")).slice(-2)).toEqual([
    "     kind:     contract difference",
    `     why:      ${DIFFERENCE}`,
  ]);
  expect(failureLines(failure("vulnerability")).slice(-2)).toEqual([
    "     kind:     vulnerability",
    "     risk:     r",
  ]);
});

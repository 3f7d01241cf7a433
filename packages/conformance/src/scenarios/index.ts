import { authPath } from "./auth-path.js";
import { consistency } from "./consistency.js";
import { errors } from "./errors.js";
import { flow } from "./flow.js";
import { http } from "./http.js";
import { legacy } from "./legacy.js";
import { massAssignment } from "./mass-assignment.js";
import { rateLimit } from "./rate-limit.js";
import { robustness } from "./robustness.js";
import { security } from "./security.js";
import { signInLimits } from "./sign-in.js";
import type { Scenario } from "./support.js";
import { tokens } from "./tokens.js";
import { urlField } from "./url-field.js";
import { values } from "./values.js";

export type { Scenario } from "./support.js";

/**
 * Every scenario, in the order targets run them. A topic is one array in its own file; add a new
 * one here. The rate limit comes late: it spends a window the scenarios before it must not meet.
 * The sign-in limits are last: they lock made-up accounts, the spare account and, with a client
 * address, the suite's own address, after which no scenario could sign in.
 */
export const scenarios: Scenario[] = [
  ...flow,
  ...errors,
  ...massAssignment,
  ...values,
  ...tokens,
  ...http,
  ...authPath,
  ...legacy,
  ...urlField,
  ...consistency,
  ...robustness,
  ...security,
  ...rateLimit,
  ...signInLimits,
];

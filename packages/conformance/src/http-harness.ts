import type { Harness } from "./harness.js";

/** A harness for an app listening on `origin`: real HTTP, redirects left to the suite. */
export function httpHarness(options: Omit<Harness, "fetch">): Harness {
  return {
    ...options,
    fetch: (request) => fetch(request, { redirect: "manual" }),
  };
}

/**
 * What a person reads when the library refuses a change. Chosen from the error's `code` and
 * `field`, the stable parts of the contract; never from its `message`, which is written for
 * developers (zod's "Too small: expected string to have >=1 characters") and may change with the
 * schema library.
 */
export interface Refusal {
  code: string;
  field?: string | undefined;
}

export function refusalMessage({ code, field }: Refusal): string {
  switch (code) {
    case "INVALID_VALUE":
      // The schemas in the auth setup: a name is trimmed, then 1 to 50 characters.
      return field === "name" ? "Enter a name of 1 to 50 characters." : "Choose one of the companies listed.";
    case "FORBIDDEN":
      return field === "selectedCompanyId"
        ? "You are not a member of that company: choose one of the companies listed."
        : "You may not make this change.";
    case "RATE_LIMITED":
      return "Too many changes in a short time. Wait a minute, then try again.";
    case "UNAUTHENTICATED":
      return "Your session has ended. Sign in again.";
    case "CSRF":
      return "This form has expired or was sent from another site. Reload the page and try again.";
    case "CONFLICT":
      return "Your session changed at the same time, in another tab. Reload the page and try again.";
    case "UNAVAILABLE":
      return "Changes cannot be saved right now. Try again in a moment.";
    default:
      return "This change could not be saved. Reload the page and try again.";
  }
}

import { redirect } from "@sveltejs/kit";
import { signIn } from "$lib/server/auth";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, url }) => {
  if (await locals.auth()) redirect(303, "/dashboard");
  // A failed sign-in comes back here (`pages.error`) with `?error=…`.
  return { error: signInError(url.searchParams.get("error")) };
};

/** What the sign-in page says for Auth.js's `?error=` code. */
function signInError(code: string | null): string | null {
  if (code === null) return null;
  if (code === "RateLimited") return "Too many sign-in attempts for this account. Try again in a minute.";
  return "That email and password do not match an account.";
}

export const actions: Actions = { signIn };

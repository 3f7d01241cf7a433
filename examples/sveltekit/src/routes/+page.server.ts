import { redirect } from "@sveltejs/kit";
import { signIn } from "$lib/server/auth";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, url }) => {
  if (await locals.auth()) redirect(303, "/dashboard");
  // Auth.js sends a failed sign-in back here (`pages.error`) with `?error=…`.
  return { failed: url.searchParams.has("error") };
};

export const actions: Actions = { signIn };

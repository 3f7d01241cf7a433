import { redirect } from "@sveltejs/kit";
import { signIn } from "../lib/server/auth";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, url }) => {
  if (await locals.auth()) redirect(303, "/dashboard");
  return { error: url.searchParams.has("error") ? "That email and password do not match an account." : null };
};

export const actions: Actions = { signIn };

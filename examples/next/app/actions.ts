"use server";

import { isSafeSessionError } from "@safe-session/next";
import { redirect } from "next/navigation";
import { signIn, signOut, updateSession } from "@/lib/auth";
import { refusalMessage } from "@/lib/refusal-message";

// Server actions: the pages work without JavaScript. Next checks that an action's POST comes
// from the app's own origin; core checks the origin again and runs the update rules.

export async function signInAction(formData: FormData) {
  try {
    await signIn("credentials", formData, { redirectTo: "/dashboard" });
  } catch (error) {
    // A refused sign-in (e.g. posted from another site) goes back to the form; `redirect` throws too, and passes.
    if (isSafeSessionError(error)) redirect(`/?error=${error.code}`);
    throw error;
  }
}

export async function signOutAction() {
  await signOut({ redirectTo: "/" });
}

/** Without JavaScript; with it, `select-company.tsx` posts to the update endpoint instead. */
export async function selectCompanyAction(formData: FormData) {
  const companyId = formData.get("companyId");
  try {
    await updateSession({ selectedCompanyId: typeof companyId === "string" ? companyId : "" });
  } catch (error) {
    if (isSafeSessionError(error)) redirect(`/dashboard?error=${error.code}`);
    throw error;
  }
  // Post/redirect/get: a reload shows the page instead of posting the form again.
  redirect("/dashboard");
}

export interface NameFormState {
  error?: string;
}

/** The name form's action, with and without JavaScript (`useActionState`): a refusal comes back as what to do instead. */
export async function saveNameAction(_previous: NameFormState, formData: FormData): Promise<NameFormState> {
  const name = formData.get("name");
  try {
    await updateSession({ name: typeof name === "string" ? name : "" });
  } catch (error) {
    if (isSafeSessionError(error)) return { error: refusalMessage(error) };
    throw error;
  }
  redirect("/dashboard");
}

"use server";

import { isSafeSessionError } from "@safe-session/next";
import { redirect } from "next/navigation";
import { signIn, signOut, updateSession } from "@/lib/auth";

export async function signInAction(formData: FormData) {
  await signIn("credentials", formData, { redirectTo: "/dashboard" });
}

export async function signOutAction() {
  await signOut({ redirectTo: "/" });
}

/** The JavaScript-free path; with JavaScript the form's client component posts to the API instead. */
export async function selectCompanyAction(formData: FormData) {
  const companyId = formData.get("companyId");
  try {
    await updateSession({ selectedCompanyId: typeof companyId === "string" ? companyId : "" });
  } catch (error) {
    if (isSafeSessionError(error)) redirect(`/dashboard?error=${error.code}`);
    throw error;
  }
  // Post/redirect/get: a reload shows the page instead of resubmitting the form.
  redirect("/dashboard");
}

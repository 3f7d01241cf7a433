import { fail, redirect } from "@sveltejs/kit";
import { isSafeSessionError } from "@safe-session/sveltekit";
import { signOut, store, updateSession } from "../../lib/server/auth";
import type { Actions, PageServerLoad, RequestEvent } from "./$types";

export const load: PageServerLoad = async ({ locals }) => {
  const session = await locals.auth();
  const userId = session?.user?.id;
  if (!userId) redirect(303, "/");
  const companies = store.companiesOf(userId);
  return {
    name: session.user?.name ?? session.user?.email ?? "",
    companies,
    currentCompanyId: session.selectedCompanyId ?? null,
    current: companies.find((company) => company.id === session.selectedCompanyId)?.name ?? null,
  };
};

/** The posted form's string field, or `null` when the body is not a form. */
async function field(event: RequestEvent, name: string): Promise<string | null> {
  const form = await event.request.formData().catch(() => null);
  if (!form) return null;
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** A refusal comes back to the page as `form.error`, the session unchanged. */
async function attempt(action: string, update: () => Promise<unknown>) {
  try {
    await update();
  } catch (error) {
    if (!isSafeSessionError(error)) throw error;
    if (error.code === "UNAUTHENTICATED") redirect(303, "/");
    return fail(error.status, { action, error: error.message });
  }
}

export const actions: Actions = {
  select: async (event) => {
    const companyId = await field(event, "companyId");
    if (companyId === null) return fail(400, { action: "select", error: "Not a form." });
    return attempt("select", () => updateSession(event, { selectedCompanyId: companyId }));
  },
  name: async (event) => {
    const name = await field(event, "name");
    if (name === null) return fail(400, { action: "name", error: "Not a form." });
    return attempt("name", () => updateSession(event, { name }));
  },
  signOut,
};

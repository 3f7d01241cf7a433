import { type RequestEvent, fail, redirect } from "@sveltejs/kit";
import { isSafeSessionError } from "@safe-session/sveltekit";
import { signOut, updateSession } from "$lib/server/auth";
import { companiesOf } from "$lib/server/db";
import { refusalMessage } from "$lib/refusal-message";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals }) => {
  const session = await locals.auth();
  const userId = session?.user?.id;
  if (!userId) redirect(303, "/");
  const companies = companiesOf(userId);
  return {
    name: session.user?.name ?? session.user?.email ?? "",
    companies,
    currentCompanyId: session.selectedCompanyId ?? null,
    current: companies.find((company) => company.id === session.selectedCompanyId)?.name ?? null,
  };
};

/** The posted form's string field, or `null` when the body is not a form at all. */
async function field(event: RequestEvent, name: string): Promise<string | null> {
  const form = await event.request.formData().catch(() => null);
  if (!form) return null;
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/**
 * Runs an update through the library (allow-list, schema, `authorize`, rate limit); a refusal
 * comes back to the page as `form.error`, what to do instead, and the session is unchanged.
 */
async function attempt(action: string, update: () => Promise<unknown>) {
  try {
    await update();
  } catch (error) {
    if (!isSafeSessionError(error)) throw error;
    if (error.code === "UNAUTHENTICATED") redirect(303, "/");
    return fail(error.status, { action, error: refusalMessage(error) });
  }
}

const NOT_A_FORM = "This request did not carry a form.";

export const actions: Actions = {
  select: async (event) => {
    const companyId = await field(event, "companyId");
    if (companyId === null) return fail(400, { action: "select", error: NOT_A_FORM });
    return attempt("select", () => updateSession(event, { selectedCompanyId: companyId }));
  },
  name: async (event) => {
    const name = await field(event, "name");
    if (name === null) return fail(400, { action: "name", error: NOT_A_FORM });
    return attempt("name", () => updateSession(event, { name }));
  },
  signOut,
};

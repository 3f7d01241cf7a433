import { fail, redirect } from "@sveltejs/kit";
import { isSafeSessionError } from "@safe-session/sveltekit";
import { signOut, store, updateSession } from "$lib/server/auth";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals }) => {
  const session = await locals.auth();
  const userId = session?.user?.id;
  if (!userId) redirect(303, "/");
  const current = session.selectedCompanyId ? store.company(session.selectedCompanyId) : null;
  return {
    email: session.user?.email ?? "",
    companies: store.companiesOf(userId),
    current: current?.name ?? null,
  };
};

export const actions: Actions = {
  // Goes through core: allow-list, schema, membership `authorize`, rate limit.
  select: async (event) => {
    const companyId = (await event.request.formData()).get("companyId");
    try {
      await updateSession(event, { selectedCompanyId: typeof companyId === "string" ? companyId : "" });
    } catch (error) {
      if (!isSafeSessionError(error)) throw error;
      if (error.code === "UNAUTHENTICATED") redirect(303, "/");
      return fail(error.status, { code: error.code, message: error.message });
    }
  },
  signOut,
};

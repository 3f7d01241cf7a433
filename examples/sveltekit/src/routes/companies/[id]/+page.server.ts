import { error, redirect } from "@sveltejs/kit";
import { companyProfile } from "$lib/server/db";
import type { PageServerLoad } from "./$types";

/**
 * A company's own page, at an address a person can send a colleague. The address decides the
 * company for this request (`urlFields` in $lib/server/auth.ts): `handle` has already refused a
 * non-member with 403, so the session read here holds this page's company.
 */
export const load: PageServerLoad = async ({ locals }) => {
  const session = await locals.auth();
  if (!session?.user?.id || !session.selectedCompanyId) redirect(303, "/");
  const company = companyProfile(session.selectedCompanyId);
  if (!company) error(404, "No such company");
  return { company };
};

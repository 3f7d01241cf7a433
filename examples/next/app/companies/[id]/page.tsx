import { isSafeSessionError } from "@safe-session/next";
import { notFound, redirect } from "next/navigation";
import { auth } from "@/lib/auth";
import { companyProfile } from "@/lib/db";

/**
 * A company's own page, at an address a person can send a colleague. The address decides the
 * company for this request (`urlFields` in lib/auth.ts): `auth()` answers it whatever company
 * the session holds, after checking membership again. proxy.ts refuses a non-member first; if
 * the page is reached without it, `auth()` throws and the page is not found.
 */
export default async function CompanyPage() {
  let session: Awaited<ReturnType<typeof auth>>;
  try {
    session = await auth();
  } catch (error) {
    if (isSafeSessionError(error) && error.code === "FORBIDDEN") notFound();
    throw error;
  }
  if (!session?.selectedCompanyId) redirect("/");
  const company = companyProfile(session.selectedCompanyId);
  if (!company) notFound();
  return (
    <>
      <h1>{`Managing ${company.name}`}</h1>
      <p>{company.description}</p>
      <p>
        <a href="/dashboard">Back to the dashboard</a>
      </p>
    </>
  );
}

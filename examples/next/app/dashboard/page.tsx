import { redirect } from "next/navigation";
import { auth, store } from "@/lib/auth";
import { selectCompanyAction, signOutAction } from "../actions";
import { SelectCompany } from "./select-company";

export default async function Dashboard({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) redirect("/");
  const { error } = await searchParams;
  const current = session.selectedCompanyId ? store.company(session.selectedCompanyId) : null;
  return (
    <main>
      <h1>Dashboard</h1>
      <p>Signed in as {session.user?.email}</p>
      <p>{current ? `Current company: ${current.name}` : "No company selected"}</p>
      {error ? <p role="alert">The session was not updated ({error}).</p> : null}
      <ul>
        {store.companiesOf(userId).map((company) => (
          <li key={company.id}>
            <SelectCompany companyId={company.id} name={company.name} action={selectCompanyAction} />
          </li>
        ))}
      </ul>
      <form action={signOutAction}>
        <button type="submit">Sign out</button>
      </form>
    </main>
  );
}

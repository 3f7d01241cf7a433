import { redirect } from "next/navigation";
import { auth } from "@/lib/auth";
import { companiesOf } from "@/lib/db";
import { selectCompanyAction, signOutAction } from "../actions";
import { NameForm } from "./name-form";
import { SelectCompany } from "./select-company";

export default async function Dashboard({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const session = await auth();
  const userId = session?.user?.id;
  if (!session || !userId) redirect("/");
  const { error } = await searchParams;
  const companies = companiesOf(userId);
  const current = companies.find((company) => company.id === session.selectedCompanyId);
  const name = session.user?.name ?? "";
  return (
    <>
      <h1>Dashboard</h1>
      <p>
        Signed in as <strong>{name}</strong>
      </p>
      <section>
        <h2>Company</h2>
        <p>{current ? `Current company: ${current.name}` : "No company selected"}</p>
        {error ? <p role="alert">The company was not selected ({error}).</p> : null}
        <ul>
          {companies.map((company) => (
            <li key={company.id}>
              <SelectCompany companyId={company.id} name={company.name} current={company === current} action={selectCompanyAction} />
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2>Your name</h2>
        <NameForm key={name} name={name} />
      </section>
      <form action={signOutAction}>
        <button type="submit">Sign out</button>
      </form>
    </>
  );
}

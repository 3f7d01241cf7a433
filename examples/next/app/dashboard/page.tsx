import { redirect } from "next/navigation";
import { auth } from "@/lib/auth";
import { companiesOf } from "@/lib/db";
import { refusalMessage } from "@/lib/refusal-message";
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
        {/* The code comes back in the URL from `selectCompanyAction` (without JavaScript); any other value reads as a generic refusal. */}
        {error ? <p role="alert">{refusalMessage({ code: error, field: "selectedCompanyId" })}</p> : null}
        <ul>
          {companies.map((company) => (
            <li key={company.id}>
              <SelectCompany
                companyId={company.id}
                name={company.name}
                current={company === current}
                action={selectCompanyAction}
              />
              {/* A plain link: it works without JavaScript, and nothing prefetches it (a visit makes it the session's company). */}
              <a href={`/companies/${encodeURIComponent(company.id)}`}>{`Open ${company.name}`}</a>
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

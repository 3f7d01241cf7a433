import { type LoaderFunctionArgs, type MetaFunction, json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { auth } from "~/auth.server";
import { companyProfile } from "~/db.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.company.name ?? "Company"} · safe-session Remix example` },
];

/**
 * A company's own page, at an address a person can send a colleague. The address decides the
 * company for this request (`urlFields` in auth.server.ts): `requireSession` answers it whatever
 * company the session holds, after checking membership again, and throws a 403 Response for a
 * non-member; `headers` carry the cookie of a same-origin visit, which keeps it.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { session, headers } = await auth.requireSession(request);
  const company = session.selectedCompanyId ? companyProfile(session.selectedCompanyId) : null;
  if (!company) throw json({ error: "No such company" }, { status: 404, headers });
  return json({ company }, { headers });
}

export default function CompanyPage() {
  const { company } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>{`Managing ${company.name}`}</h1>
      <p>{company.description}</p>
      <p>
        <Link to="/dashboard">Back to the dashboard</Link>
      </p>
    </main>
  );
}

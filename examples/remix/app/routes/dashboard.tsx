import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { isSafeSessionError } from "@safe-session/remix";
import { auth, store } from "~/auth.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · safe-session Remix example" }];

export async function loader({ request }: LoaderFunctionArgs) {
  // Redirects to the sign-in page without a session; `headers` carry a refreshed session cookie.
  const { session, headers } = await auth.requireSession(request);
  const companies = store.companiesOf(session.user?.id ?? "");
  const current = session.selectedCompanyId ? store.company(session.selectedCompanyId) : null;
  return json({ email: session.user?.email, companies, current }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get("intent") === "sign-out") return auth.signOut(request, { redirectTo: "/" });
  try {
    // The library validates the value and checks the membership; the new cookie rides the redirect.
    const { headers } = await auth.updateSession(request, { selectedCompanyId: String(form.get("companyId") ?? "") });
    return redirect("/dashboard", { headers });
  } catch (error) {
    if (!isSafeSessionError(error)) throw error;
    if (error.code === "UNAUTHENTICATED") throw redirect("/");
    return json({ error: error.message }, { status: error.status });
  }
}

export default function Dashboard() {
  const { email, companies, current } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main>
      <h1>Dashboard</h1>
      <p>Signed in as {email}</p>
      <p>{current ? `Current company: ${current.name}` : "No company selected"}</p>
      {result?.error ? <p role="alert">{result.error}</p> : null}
      <Form method="post">
        <ul>
          {companies.map((company) => (
            <li key={company.id}>
              <button type="submit" name="companyId" value={company.id}>
                {`Select ${company.name}`}
              </button>
            </li>
          ))}
        </ul>
      </Form>
      <Form method="post">
        <button type="submit" name="intent" value="sign-out">
          Sign out
        </button>
      </Form>
    </main>
  );
}

import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { isSafeSessionError } from "@safe-session/remix";
import { auth } from "~/auth.server";
import { companiesOf } from "~/db.server";
import { refusalMessage } from "~/refusal-message";

export const meta: MetaFunction = () => [{ title: "Dashboard · safe-session Remix example" }];

export async function loader({ request }: LoaderFunctionArgs) {
  // Redirects to the sign-in page without a session; `headers` carry a refreshed session cookie.
  const { session, headers } = await auth.requireSession(request);
  const companies = companiesOf(session.user?.id ?? "");
  return json(
    {
      name: session.user?.name ?? session.user?.email ?? "",
      companies,
      current: companies.find((company) => company.id === session.selectedCompanyId) ?? null,
    },
    { headers },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => null);
  if (!form) return json({ intent: null, error: "This request did not carry a form." }, { status: 400 });
  const intent = form.get("intent");
  if (intent === "sign-out") return auth.signOut(request, { redirectTo: "/" });
  const value = (key: string) => {
    const field = form.get(key);
    return typeof field === "string" ? field : "";
  };
  try {
    // The library checks the field, its schema and `authorize`; the new cookie rides the redirect.
    const { headers } =
      intent === "name"
        ? await auth.updateSession(request, { name: value("name") })
        : await auth.updateSession(request, { selectedCompanyId: value("companyId") });
    return redirect("/dashboard", { headers });
  } catch (error) {
    if (!isSafeSessionError(error)) throw error;
    if (error.code === "UNAUTHENTICATED") throw redirect("/");
    // What to do instead, from the code and field (error.message is for developers).
    return json({ intent, error: refusalMessage(error) }, { status: error.status });
  }
}

export default function Dashboard() {
  const { name, companies, current } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <main>
      <h1>Dashboard</h1>
      <p>
        Signed in as <strong>{name}</strong>
      </p>

      <section>
        <h2>Company</h2>
        <p>{current ? `Current company: ${current.name}` : "No company selected"}</p>
        {result?.error && result.intent !== "name" ? <p role="alert">{result.error}</p> : null}
        <Form method="post">
          <input type="hidden" name="intent" value="select" />
          <ul>
            {companies.map((company) => (
              <li key={company.id}>
                <button type="submit" name="companyId" value={company.id} aria-pressed={company.id === current?.id}>
                  {`Select ${company.name}`}
                </button>
                {/* A visit makes it the session's company: never prefetched, only followed. */}
                <Link
                  to={`/companies/${encodeURIComponent(company.id)}`}
                  prefetch="none"
                >{`Open ${company.name}`}</Link>
              </li>
            ))}
          </ul>
        </Form>
      </section>

      <section>
        <h2>Your name</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="name" />
          <label htmlFor="name">Name</label>
          {/* `key`: a saved name resets the field to it. */}
          <input key={name} id="name" name="name" defaultValue={name} autoComplete="name" />
          <button type="submit">Save name</button>
        </Form>
        {result?.error && result.intent === "name" ? <p role="alert">{result.error}</p> : null}
      </section>

      <Form method="post">
        <button type="submit" name="intent" value="sign-out">
          Sign out
        </button>
      </Form>
    </main>
  );
}

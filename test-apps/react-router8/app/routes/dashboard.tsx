import { isSafeSessionError } from "@safe-session/remix";
import { Form, data, redirect } from "react-router";
import { auth, sessionContext, store, updateSession } from "../auth.server";
import type { Route } from "./+types/dashboard";

/** The session the root middleware read into the context; its refreshed cookie rides the response already. */
export function loader({ context }: Route.LoaderArgs) {
  const session = context.get(sessionContext);
  if (!session) throw redirect("/");
  const userId = session.user?.id ?? "";
  const companies = store.companiesOf(userId);
  return {
    name: session.user?.name ?? session.user?.email ?? "",
    companies,
    currentCompanyId: session.selectedCompanyId ?? null,
    current: companies.find((company) => company.id === session.selectedCompanyId)?.name ?? null,
  };
}

/** The form's intent: select a company, save a name, or sign out. A refusal comes back as `error`. */
export async function action(args: Route.ActionArgs) {
  const { request } = args;
  const form = await request.formData().catch(() => null);
  if (!form) return data({ intent: "", error: "This request did not carry a form." }, { status: 400 });
  const intent = String(form.get("intent") ?? "");
  if (intent === "signOut") return auth.signOut(request, { redirectTo: "/" });
  try {
    const patch =
      intent === "name"
        ? { name: String(form.get("name") ?? "") }
        : { selectedCompanyId: String(form.get("companyId") ?? "") };
    const { headers } = await updateSession(args, patch);
    // The new session cookie rides the redirect; the reload reads it.
    return redirect("/dashboard", { headers });
  } catch (error) {
    if (!isSafeSessionError(error)) throw error;
    if (error.code === "UNAUTHENTICATED") return redirect("/");
    return data({ intent, error: error.message }, { status: error.status });
  }
}

export default function Dashboard({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <main>
      <h1>Dashboard</h1>
      <p>
        Signed in as <strong>{loaderData.name}</strong>
      </p>
      <p>{loaderData.current ? `Current company: ${loaderData.current}` : "No company selected"}</p>
      {actionData?.intent === "select" ? <p role="alert">{actionData.error}</p> : null}
      <Form method="post">
        <input type="hidden" name="intent" value="select" />
        {loaderData.companies.map((company) => (
          <button
            key={company.id}
            type="submit"
            name="companyId"
            value={company.id}
            aria-pressed={company.id === loaderData.currentCompanyId}
          >
            Select {company.name}
          </button>
        ))}
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="name" />
        <label htmlFor="name">Name</label>
        <input id="name" name="name" defaultValue={loaderData.name} key={loaderData.name} />
        <button type="submit">Save name</button>
      </Form>
      {actionData?.intent === "name" ? <p role="alert">{actionData.error}</p> : null}
      <Form method="post">
        <input type="hidden" name="intent" value="signOut" />
        <button type="submit">Sign out</button>
      </Form>
    </main>
  );
}

import { isSafeSessionError } from "@safe-session/remix";
import { Form, data } from "react-router";
import { sessionContext, updateSession } from "../auth.server";
import type { Route } from "./+types/profile";

// The session from the router context, signed in or not, and an action that answers with data
// instead of a redirect: after a form post without JavaScript the loader runs in the same request,
// and shows the saved name because `updateSession` put the new session in the context.
export function loader({ context }: Route.LoaderArgs) {
  const session = context.get(sessionContext);
  return { name: session ? (session.user?.name ?? "") : null };
}

export async function action(args: Route.ActionArgs) {
  const form = await args.request.formData().catch(() => new FormData());
  try {
    const { headers } = await updateSession(args, { name: String(form.get("name") ?? "") });
    return data({ error: null }, { headers });
  } catch (error) {
    if (!isSafeSessionError(error)) throw error;
    return data({ error: error.code }, { status: error.status });
  }
}

export default function Profile({ loaderData, actionData }: Route.ComponentProps) {
  return (
    <main>
      <h1>Profile</h1>
      <p>{loaderData.name === null ? "Signed out" : `Profile of ${loaderData.name}`}</p>
      {actionData?.error ? <p role="alert">{actionData.error}</p> : null}
      <Form method="post">
        <label htmlFor="name">Name</label>
        <input id="name" name="name" />
        <button type="submit">Save</button>
      </Form>
    </main>
  );
}

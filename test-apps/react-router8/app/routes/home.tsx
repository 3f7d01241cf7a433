import { Form, redirect } from "react-router";
import { auth, sessionContext } from "../auth.server";
import type { Route } from "./+types/home";

export function loader({ request, context }: Route.LoaderArgs) {
  if (context.get(sessionContext)) throw redirect("/dashboard");
  return {
    error: new URL(request.url).searchParams.has("error") ? "That email and password do not match an account." : null,
  };
}

/** Sign-in: the binding answers with the redirect that carries the session cookie. */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData().catch(() => new FormData());
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  // The load context goes on: a failed attempt counts against the client's address server.js put there.
  return auth.signIn(
    request,
    "credentials",
    { email: field("email"), password: field("password") },
    { redirectTo: "/dashboard" },
    context,
  );
}

export default function Home({ loaderData }: Route.ComponentProps) {
  return (
    <main>
      <h1>Sign in</h1>
      {loaderData.error ? <p role="alert">{loaderData.error}</p> : null}
      <Form method="post">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" required />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" required />
        <button type="submit">Sign in</button>
      </Form>
    </main>
  );
}

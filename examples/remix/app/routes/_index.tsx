import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { auth } from "~/auth.server";

export const meta: MetaFunction = () => [{ title: "Sign in · safe-session Remix example" }];

/** Only a path of this app: Auth.js's `redirect` callback checks it again on sign-in. */
function localPath(value: unknown): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\")
    ? value
    : "/dashboard";
}

/** What the sign-in page says for Auth.js's `?error=` code. */
function signInError(code: string | null): string | null {
  if (code === null) return null;
  if (code === "RateLimited") return "Too many failed sign-in attempts. Try again in a few minutes.";
  return "That email and password do not match an account.";
}

export async function loader({ request }: LoaderFunctionArgs) {
  if (await auth.getSession(request)) throw redirect("/dashboard");
  const url = new URL(request.url);
  // A failed sign-in comes back here (`pages.error`) with `?error=…`.
  return json({
    error: signInError(url.searchParams.get("error")),
    callbackUrl: localPath(url.searchParams.get("callbackUrl")),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => null);
  if (!form) return json({ error: "This request did not carry a form." }, { status: 400 });
  const credentials = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
  // Auth.js answers with a redirect that sets the session cookie (or back here with ?error=). The
  // load context goes on: a failed attempt counts against the client's address it carries.
  return auth.signIn(request, "credentials", credentials, { redirectTo: localPath(form.get("callbackUrl")) }, context);
}

export default function SignIn() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result?.error ?? loaded.error;
  return (
    <main>
      <h1>Sign in</h1>
      {error ? <p role="alert">{error}</p> : null}
      <Form method="post" className="stack">
        <input type="hidden" name="callbackUrl" value={loaded.callbackUrl} />
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit">Sign in</button>
      </Form>
      <p>
        <small>Demo accounts: alice@example.com / alice-password, bob@example.com / bob-password.</small>
      </p>
    </main>
  );
}

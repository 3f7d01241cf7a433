import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { auth } from "~/auth.server";

export const meta: MetaFunction = () => [{ title: "Sign in · safe-session Remix example" }];

/** Only a path of this app: Auth.js's `redirect` callback checks it again on sign-in. */
function localPath(value: unknown): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : "/dashboard";
}

export async function loader({ request }: LoaderFunctionArgs) {
  if (await auth.getSession(request)) throw redirect("/dashboard");
  const url = new URL(request.url);
  return json({ error: url.searchParams.get("error"), callbackUrl: localPath(url.searchParams.get("callbackUrl")) });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const credentials = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
  // Auth.js answers with a redirect that sets the session cookie (or back here with ?error=).
  return auth.signIn(request, "credentials", credentials, { redirectTo: localPath(form.get("callbackUrl")) });
}

export default function SignIn() {
  const { error, callbackUrl } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Sign in</h1>
      {error ? <p role="alert">That email and password do not match an account.</p> : null}
      <Form method="post">
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <p>
          <label htmlFor="email">Email</label>
          <br />
          <input id="email" name="email" type="email" autoComplete="username" required />
        </p>
        <p>
          <label htmlFor="password">Password</label>
          <br />
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </p>
        <button type="submit">Sign in</button>
      </Form>
      <p>
        <small>Demo accounts: alice@example.com / alice-password, bob@example.com / bob-password.</small>
      </p>
    </main>
  );
}

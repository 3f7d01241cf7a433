import { type FormEvent, useState } from "react";
import { signIn, useSession } from "next-auth/react";

/** Sign-in with next-auth/react@4's `signIn` (unchanged by the migration: the client moves later). */
export default function Home() {
  const { status } = useSession();
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await signIn("credentials", {
      email: String(form.get("email")),
      password: String(form.get("password")),
      redirect: false,
    });
    if (result?.error) setError(result.error);
    else window.location.href = "/dashboard";
  }
  return (
    <main>
      <p data-testid="status">{status}</p>
      <form onSubmit={submit}>
        <input name="email" type="email" aria-label="Email" />
        <input name="password" type="password" aria-label="Password" />
        <button type="submit">Sign in</button>
      </form>
      {error ? <p data-testid="error">{error}</p> : null}
    </main>
  );
}

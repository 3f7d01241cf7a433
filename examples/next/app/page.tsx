import { signInAction } from "./actions";

// Auth.js's `?error=` codes a person may see here.
const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password.",
  RateLimited: "Too many failed attempts. Try again later.",
};

export default async function SignIn({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  return (
    <>
      <h1>Sign in</h1>
      {error ? <p role="alert">{MESSAGES[error] ?? "You could not be signed in. Try again."}</p> : null}
      <form action={signInAction}>
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>
      <p>Try alice@example.com / alice-password or bob@example.com / bob-password.</p>
    </>
  );
}

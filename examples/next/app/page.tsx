import { signInAction } from "./actions";

export default async function SignIn({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  return (
    <main>
      <h1>Sign in</h1>
      {error ? <p role="alert">Wrong email or password.</p> : null}
      <form action={signInAction}>
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
      </form>
      <p>Try alice@example.com / alice-password or bob@example.com / bob-password.</p>
    </main>
  );
}

import { SessionProvider } from "next-auth/react";
import { auth } from "../lib/auth";
import { CompanyPicker } from "./company-picker";

// Rendered per request: the server's view of the session, beside the stock client's.
export const dynamic = "force-dynamic";

export default async function Home() {
  const session = await auth();
  return (
    <main>
      <p data-testid="server">Server: {session ? (session.selectedCompanyId ?? "none") : "signed out"}</p>
      <SessionProvider basePath="/api/auth">
        <CompanyPicker />
      </SessionProvider>
    </main>
  );
}

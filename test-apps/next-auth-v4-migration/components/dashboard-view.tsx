import { signOut, useSession } from "next-auth/react";
import { COMPANIES } from "@/lib/data";

export interface DashboardProps {
  email: string;
  companyId: string | null;
}

/** The recipe's dashboard: the company is switched with `GET /api/auth/session?companyId=…`, then the page reloads. */
export function DashboardView({ email, companyId }: DashboardProps) {
  const { data, status } = useSession();
  async function choose(id: string) {
    await fetch(`/api/auth/session?companyId=${encodeURIComponent(id)}`);
    window.location.reload();
  }
  return (
    <main>
      <p data-testid="server-user">{email}</p>
      <p data-testid="server-company">{companyId ?? "none"}</p>
      <p data-testid="client-user">{status === "loading" ? "loading" : (data?.user?.email ?? "signed out")}</p>
      {Object.entries(COMPANIES).map(([id, name]) => (
        <button key={id} type="button" onClick={() => choose(id)}>
          {name}
        </button>
      ))}
      <button type="button" onClick={() => signOut({ callbackUrl: "/" })}>
        Sign out
      </button>
    </main>
  );
}

"use client";

import { signIn, useSession } from "next-auth/react";
import { useState } from "react";

/** next-auth's own client: `signIn` and `useSession().update()`, nothing of safe-session's. */
export function CompanyPicker() {
  const { data, status, update } = useSession();
  const [result, setResult] = useState("");
  const selected = (data as { selectedCompanyId?: string } | null)?.selectedCompanyId;
  if (status === "loading") return <p data-testid="client">Client: loading</p>;
  if (status === "unauthenticated") {
    return (
      <>
        <p data-testid="client">Client: signed out</p>
        <button
          type="button"
          onClick={() =>
            signIn("credentials", { email: "alice@example.com", password: "alice-password", redirect: false })
          }
        >
          Sign in as Alice
        </button>
      </>
    );
  }
  const select = async (selectedCompanyId: string) => {
    const next = await update({ selectedCompanyId });
    setResult(next ? `updated ${selectedCompanyId}` : `refused ${selectedCompanyId}`);
  };
  return (
    <>
      <p data-testid="client">Client: {selected ?? "none"}</p>
      <p data-testid="result">{result}</p>
      {["acme", "globex", "initech"].map((id) => (
        <button key={id} type="button" onClick={() => select(id)}>
          Select {id}
        </button>
      ))}
    </>
  );
}

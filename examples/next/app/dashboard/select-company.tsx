"use client";

import { isSafeSessionError, updateSession } from "@safe-session/next/client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import type { updates } from "@/lib/auth";
import { refusalMessage } from "@/lib/refusal-message";

/**
 * Without JavaScript the form posts to the server action. With it, the update goes to the
 * library's endpoint through the client helper, and a refusal says what to do instead.
 */
export function SelectCompany(props: {
  companyId: string;
  name: string;
  current: boolean;
  action: (formData: FormData) => Promise<void>;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    // Prevented before React dispatches the form action, so the server action does not run too.
    event.preventDefault();
    setPending(true);
    try {
      await updateSession<typeof updates>({ selectedCompanyId: props.companyId });
      setError(null);
      router.refresh();
    } catch (e) {
      setError(
        isSafeSessionError(e)
          ? refusalMessage(e)
          : "The app could not be reached. Check your connection and try again.",
      );
    } finally {
      setPending(false);
    }
  }

  return (
    <form action={props.action} onSubmit={onSubmit}>
      <input type="hidden" name="companyId" value={props.companyId} />
      <button type="submit" aria-pressed={props.current} disabled={pending}>{`Select ${props.name}`}</button>
      {error ? <span role="alert"> {error}</span> : null}
    </form>
  );
}

"use client";

import { useActionState } from "react";
import { type NameFormState, saveNameAction } from "../actions";

/** Posts to the server action with or without JavaScript; a refused name says what to do instead and the old name stays. */
export function NameForm(props: { name: string }) {
  const [state, action, pending] = useActionState<NameFormState, FormData>(saveNameAction, {});
  return (
    <form action={action}>
      <label htmlFor="name">Name</label>
      <input id="name" name="name" defaultValue={props.name} autoComplete="name" />
      {state.error ? <p role="alert">{state.error}</p> : null}
      <button type="submit" disabled={pending}>
        Save name
      </button>
    </form>
  );
}

import { auth } from "~/auth.server";

// Every /auth/* route: Auth.js (sign-in, callbacks, sign-out) and safe-session's /auth/session, /auth/csrf.
export const loader = auth.loader;
export const action = auth.action;

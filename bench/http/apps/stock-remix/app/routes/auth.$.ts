import { Auth } from "@auth/core";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { config } from "~/auth.server";

// Every /auth/* route straight through Auth.js, as an app without a binding would write it.
export const loader = ({ request }: LoaderFunctionArgs) => Auth(request, config);
export const action = ({ request }: ActionFunctionArgs) => Auth(request, config);

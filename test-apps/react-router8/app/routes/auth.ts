import { auth } from "../auth.server";
import type { Route } from "./+types/auth";

export const loader = (args: Route.LoaderArgs) => auth.loader(args);
export const action = (args: Route.ActionArgs) => auth.action(args);

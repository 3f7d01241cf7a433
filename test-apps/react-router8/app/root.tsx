import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "react-router";
import { sessionMiddleware } from "./auth.server";
import { countSessionReads } from "./read-count.server";
import type { Route } from "./+types/root";

// On the root, so it wraps every route: the pages read `context.get(sessionContext)`, and the
// `auth/*` resource route (under the binding's basePath) passes through it unread.
export const middleware: Route.MiddlewareFunction[] = [countSessionReads, sessionMiddleware];

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

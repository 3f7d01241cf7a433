import { type RouteConfig, index, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("dashboard", "routes/dashboard.tsx"),
  route("profile", "routes/profile.tsx"),
  // Every /auth/* route (Auth.js, GET/POST /auth/session, GET /auth/csrf): the binding's resource route.
  route("auth/*", "routes/auth.ts"),
] satisfies RouteConfig;

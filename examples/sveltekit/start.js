import { existsSync } from "node:fs";

// `npm start`: serves the production build (adapter-node) on PORT (default 3000).
// adapter-node without ORIGIN (or PROTOCOL_HEADER/HOST_HEADER from a proxy) takes every request
// for https, so Auth.js would set `__Secure-` cookies and redirect to https://localhost. For
// plain http on this machine, ORIGIN defaults to http://localhost:$PORT; set ORIGIN in production.
//
// `.env` (written by `npm create safe-session`, with AUTH_SECRET) is read first: adapter-node's
// build does not read it (vite.config.ts loads it for `vite dev`). Variables already set win; Node >= 20.12.
if (existsSync(".env")) process.loadEnvFile?.(".env");
const { env } = process;
if (!env.ORIGIN && !env.PROTOCOL_HEADER && !env.HOST_HEADER) {
  env.ORIGIN = `http://localhost:${env.PORT || 3000}`;
  console.log(`ORIGIN is not set: serving ${env.ORIGIN} (set ORIGIN to the public URL in production)`);
}
await import("./build/index.js");

// `npm start`: the production build behind Express, as Remix's Express template serves it. The app
// has its own server (not `remix-serve`) for one reason: `getLoadContext`, which hands the app the
// connection's address, the one a client cannot pick per request as it can a forwarded header.
// @safe-session/remix counts failed sign-ins per `context.clientAddress` (see its README).
import { existsSync } from "node:fs";
import { createRequestHandler } from "@remix-run/express";
import express from "express";

// `.env` (written by `npm create safe-session`, with AUTH_SECRET) is read before the app loads:
// Node does not read it by itself. Variables already set win; Node >= 20.12.
if (existsSync(".env")) process.loadEnvFile?.(".env");

// No `installGlobals()` from @remix-run/node: Node 20's own fetch classes (with
// `Headers#getSetCookie()` and `Response.json()`) serve the app, as under `remix vite:dev`.

const build = await import("./build/server/index.js");

const app = express();
app.disable("x-powered-by");
// Vite fingerprints the assets, so they are cached for good; anything else in build/client for an hour.
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));
app.all(
  "*",
  createRequestHandler({
    build,
    // The binding's convention: the connection's address as `clientAddress`. Behind a proxy this
    // is the proxy's; CLIENT_ADDRESS_HEADER then names the header it sets (app/auth.server.ts).
    getLoadContext: (req) => ({ clientAddress: req.socket.remoteAddress }),
  }),
);

const port = Number(process.env.PORT ?? 3000);
const onListen = () => console.log(`Remix example on http://localhost:${port}`);
// HOST binds one interface (e.g. 127.0.0.1), as `remix-serve` does; unset, every interface.
if (process.env.HOST) app.listen(port, process.env.HOST, onListen);
else app.listen(port, onListen);

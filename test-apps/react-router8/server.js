// The production build behind Express, as `react-router-serve` serves it, plus the one thing that
// command cannot do: `getLoadContext`, which hands the app the connection's address. The sign-in
// limit of @safe-session/remix counts failures per `context.clientAddress` (see its README); it
// comes from the socket, so a client cannot pick a new one per attempt as it can a forwarded header.
import { createRequestHandler } from "@react-router/express";
import express from "express";
import { RouterContextProvider } from "react-router";

const build = await import("./build/server/index.js");

const app = express();
app.disable("x-powered-by");
// Vite fingerprints the assets, so they are cached for good; anything else in build/client for an hour.
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));
app.all(
  "/{*splat}",
  createRequestHandler({
    build,
    // React Router 8 runs middleware, so the load context must be a RouterContextProvider: the
    // address rides on it as the binding's `clientAddress` field.
    getLoadContext: (req) => Object.assign(new RouterContextProvider(), { clientAddress: req.socket.remoteAddress }),
  }),
);

const port = Number(process.env.PORT ?? 3000);
const onListen = () => console.log(`test-app-react-router8 on http://localhost:${port}`);
// HOST binds one interface (the tests: 127.0.0.1), as `react-router-serve` does; unset, every interface.
if (process.env.HOST) app.listen(port, process.env.HOST, onListen);
else app.listen(port, onListen);

// Serves the production build on PORT (HOST, default 127.0.0.1) over plain http.
// adapter-node 6 (SvelteKit 3) reads no ORIGIN at run time any more: the origin is `paths.origin`
// at build time, or the request's Host with the protocol named by PROTOCOL_HEADER, else https
// (then Auth.js would set `__Secure-` cookies and redirect to https). This server speaks plain
// http and knows it, so it sets that header itself on every request, over whatever a client sent.
import { createServer } from "node:http";

const { env } = process;
const PROTOCOL = "x-test-app-protocol";
env.PROTOCOL_HEADER = PROTOCOL;
// A path in a variable: the typecheck leaves the generated build out.
const entry = "./build/handler.js";
const { handler } = await import(entry);
createServer((req, res) => {
  req.headers[PROTOCOL] = "http";
  handler(req, res, () => {
    res.statusCode = 404;
    res.end();
  });
}).listen(Number(env.PORT || 3000), env.HOST || "127.0.0.1");

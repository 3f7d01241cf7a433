// A stock Auth.js app with the recipe safe-session replaces, on purpose: its `jwt` callback merges
// whatever the client posts to `update()` into the token. Any signed-in user can post `{ sub }`
// and become someone else. The command's red test runs against it. Plain JavaScript, so `node`
// starts it without a build: `PORT=3000 AUTH_SECRET=… node vulnerable-app.mjs`.
// MISBEHAVE=html-500 answers every POST to the session route with an HTML error page;
// MISBEHAVE=hang never answers it. The command must run to its end against both.
// MISBEHAVE=echo-token answers it with the session token the request carried.
import { createServer } from "node:http";
import { Auth } from "@auth/core";
import Credentials from "@auth/core/providers/credentials";

const users = [
  { id: "alice", email: "alice@example.com", password: "alice-password", name: "Alice" },
  { id: "bob", email: "bob@example.com", password: "bob-password", name: "Bob" },
  // The spare account the locked-out scenario may lock.
  { id: "carol", email: "carol@example.com", password: "carol-password", name: "Carol" },
];

const config = {
  secret: process.env.AUTH_SECRET,
  trustHost: true,
  basePath: "/auth",
  session: { strategy: "jwt" },
  // Quiet: the command's report is what the test reads.
  logger: { error() {}, warn() {}, debug() {} },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      authorize: ({ email, password }) => {
        const user = users.find((u) => u.email === email && u.password === password);
        return user ? { id: user.id, email: user.email, name: user.name } : null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user, trigger, session }) {
      if (user?.id) token.sub = user.id;
      // The hole: everything posted lands in the token, `sub` included.
      if (trigger === "update" && session && typeof session === "object") Object.assign(token, session);
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) session.user.id = token.sub;
      if (token.selectedCompanyId !== undefined) session.selectedCompanyId = token.selectedCompanyId;
      return session;
    },
  },
};

const server = createServer(async (req, res) => {
  try {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = chunks.length && req.method !== "GET" && req.method !== "HEAD" ? Buffer.concat(chunks) : undefined;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      for (const v of Array.isArray(value) ? value : [value ?? ""]) headers.append(name, v);
    }
    const url = `http://${req.headers.host ?? "localhost"}${req.url}`;
    if (req.method === "POST" && new URL(url).pathname === "/auth/session") {
      if (process.env.MISBEHAVE === "hang") return;
      if (process.env.MISBEHAVE === "html-500") throw new Error("misbehaving on purpose");
      if (process.env.MISBEHAVE === "echo-token") {
        // An app that leaks the live session token in an answer: the command's report must mask it.
        const token = /authjs\.session-token=([^;]+)/.exec(req.headers.cookie ?? "")?.[1] ?? "";
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ seen: token }));
      }
    }
    const response = url.includes("/auth/")
      ? await Auth(new Request(url, { method: req.method, headers, body }), config)
      : new Response("<h1>home</h1>", { headers: { "content-type": "text/html" } });
    const out = {};
    for (const [name, value] of response.headers) if (name !== "set-cookie") out[name] = value;
    const cookies = response.headers.getSetCookie();
    if (cookies.length) out["set-cookie"] = cookies;
    res.writeHead(response.status, out);
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    // What an unguarded app does on a throw: an HTML 500.
    res.writeHead(500, { "content-type": "text/html" });
    res.end(`<h1>Internal Server Error</h1><pre>${error instanceof Error ? error.name : "error"}</pre>`);
  }
});

server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? "127.0.0.1");

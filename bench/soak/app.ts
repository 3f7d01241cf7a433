// One app instance of the soak: core's createSafeSession served by node:http, its store on the
// Redis at REDIS_PORT. Users sign in by Credentials with any `…@soak.test` address.
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import Credentials from "@auth/core/providers/credentials";
import { createSafeSession, defineUpdates } from "@safe-session/core";
import { createRedisStore } from "@safe-session/redis";
import { Redis } from "ioredis";
import { z } from "zod";

const redis = new Redis({ host: "127.0.0.1", port: Number(process.env.REDIS_PORT) }); // ioredis defaults
redis.on("error", () => {}); // the outage is the point; the store reports failures as 503

const safe = createSafeSession({
  config: {
    secret: "soak-secret-0123456789abcdef0123456789",
    trustHost: true,
    basePath: "/auth",
    logger: { error: () => {}, warn: () => {} },
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        authorize: ({ email, password }) =>
          typeof email === "string" && email.endsWith("@soak.test") && password === "soak"
            ? { id: email.split("@")[0] as string, email }
            : null,
      }),
    ],
  },
  updates: defineUpdates({
    selectedCompanyId: { schema: z.string().min(1).max(64) },
    name: { schema: z.string().min(1).max(50) },
  }),
  store: createRedisStore(redis),
  env: {},
});

async function toRequest(req: IncomingMessage): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (value) for (const item of value) headers.append(name, item);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = req.method === "GET" || req.method === "HEAD" ? null : Buffer.concat(chunks);
  return new Request(`http://${req.headers.host}${req.url}`, { method: req.method ?? "GET", headers, body });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  res.end(Buffer.from(await response.arrayBuffer()));
}

const server = createServer(async (req, res) => {
  try {
    if (req.url === "/__rss") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ rss: process.memoryUsage().rss }));
      return;
    }
    await send(res, await safe.handler(await toRequest(req)));
  } catch (error) {
    // Counted by the soak as a 5xx: core should have answered every request itself.
    console.error("unhandled:", error instanceof Error ? error.name : typeof error);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : ""}`);
});
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    redis.disconnect();
    server.close();
    server.closeAllConnections();
  });
}

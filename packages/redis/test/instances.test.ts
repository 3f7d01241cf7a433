import { type SafeSession, createSafeSession, defineUpdates } from "@safe-session/core";
import type { Cluster, Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { createTestSession, memoryMemberships, testConfig } from "../../core/test/support/fixture.js";
import { createRedisStore } from "../src/index.js";
import { clusterClient, redisClient, redisMissing, startCluster, startRedis } from "./redis-server.js";
import { type TestSession, applyCookies, httpUpdate, request, signIn } from "./session.js";

const missing = redisMissing();

interface Deployment {
  /** A new client, as another app instance would make. */
  client(): Redis | Cluster;
  stop(): Promise<void>;
}

const deployments: [string, () => Promise<Deployment>][] = [
  [
    "one Redis",
    async () => {
      const server = await startRedis();
      return { client: () => redisClient(server.port), stop: () => server.stop() };
    },
  ],
  [
    "one Redis Cluster",
    async () => {
      const cluster = await startCluster();
      return { client: () => clusterClient(cluster.ports), stop: () => cluster.stop() };
    },
  ],
];

describe.skipIf(missing).each(deployments)(
  `two app instances sharing %s${missing ? ` (skipped: ${missing})` : ""}`,
  (_, deploy) => {
    let server: Deployment;
    const clients: (Redis | Cluster)[] = [];
    let run = 0;

    /** Instances A and B: separate processes in production, so separate clients and memberships here. */
    function instances(options: Parameters<typeof createTestSession>[0] = {}): [TestSession, TestSession] {
      const prefix = `instances${++run}:`;
      const make = () => {
        const client = server.client();
        clients.push(client);
        return createTestSession({ store: createRedisStore(client, { prefix }), ...options }, memoryMemberships());
      };
      return [make(), make()];
    }

    beforeAll(async () => {
      server = await deploy();
    }, 60_000);
    afterAll(async () => {
      await Promise.all(clients.map((client) => client.quit()));
      await server?.stop();
    });

    test("a user's update attempts through A and B add up to one rate limit", async () => {
      const [a, b] = instances({ rateLimit: { max: 4, windowSeconds: 60 } });
      const { cookie } = await signIn(a);
      for (const [i, safe] of [a, b, a, b].entries()) {
        const { session } = await safe.updateSession(request(cookie), { selectedCompanyId: i % 2 ? "acme" : "globex" });
        expect(session.selectedCompanyId).toBe(i % 2 ? "acme" : "globex");
      }
      for (const safe of [a, b]) {
        await expect(safe.updateSession(request(cookie), { selectedCompanyId: "acme" })).rejects.toMatchObject({
          code: "RATE_LIMITED",
          status: 429,
        });
      }
    });

    test("revokeUser on A: B refuses the token and clears its cookie", async () => {
      const [a, b] = instances();
      const { cookie } = await signIn(a);
      expect(await b.getSession(request(cookie))).not.toBeNull();
      await a.revokeUser("alice");
      const response = await b.handler(request(cookie));
      expect(await response.json()).toBeNull();
      expect(response.headers.getSetCookie().some((line) => line.startsWith("authjs.session-token=;"))).toBe(true);
    });

    test("revokeSession on B ends the session on A", async () => {
      const [a, b] = instances();
      const { cookie } = await signIn(a);
      await b.revokeSession(request(cookie));
      expect(await a.getSession(request(cookie))).toBeNull();
    });

    test("an update through A heals a stale token read through B", async () => {
      const [a, b] = instances();
      const { cookie: stale } = await signIn(a);
      await a.updateSession(request(stale), { selectedCompanyId: "globex" });
      const response = await b.handler(request(stale));
      expect(await response.json()).toMatchObject({ selectedCompanyId: "globex" });
      // The healed token is written back and carries the update on both instances.
      const healed = applyCookies(stale, response);
      expect(healed).not.toBe(stale);
      for (const safe of [a, b]) expect((await safe.getSession(request(healed)))?.selectedCompanyId).toBe("globex");
    });

    test("two updates racing from one revision through A and B: one wins, the other is 409 CONFLICT", async () => {
      // Both updates must have read the session's revision before either writes: authorize waits for both.
      let arrived = 0;
      let release = () => {};
      const both = new Promise<void>((resolve) => (release = resolve));
      const updates = defineUpdates({
        selectedCompanyId: {
          schema: z.string(),
          authorize: async () => {
            if (++arrived === 2) release();
            await both;
            return true;
          },
        },
      });
      const prefix = `instances${++run}:`;
      const [a, b] = [0, 1].map(() => {
        const client = server.client();
        clients.push(client);
        return createSafeSession({
          config: testConfig(),
          updates,
          env: {},
          rateLimit: false,
          store: createRedisStore(client, { prefix }),
        });
      }) as [SafeSession<typeof updates>, SafeSession<typeof updates>];
      const { cookie, csrfToken } = await signIn(a);
      const responses = await Promise.all([
        a.handler(httpUpdate(cookie, csrfToken, { selectedCompanyId: "acme" })),
        b.handler(httpUpdate(cookie, csrfToken, { selectedCompanyId: "globex" })),
      ]);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = responses.find((r) => r.status === 200) as Response;
      const chosen = ((await winner.json()) as { selectedCompanyId: string }).selectedCompanyId;
      // Either instance now serves the winner's value to the old token.
      for (const safe of [a, b]) expect((await safe.getSession(request(cookie)))?.selectedCompanyId).toBe(chosen);
    });
  },
);

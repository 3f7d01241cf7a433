// pnpm --filter @safe-session/soak read-cost: what a session read (the user's revocation and the
// session's two keys) costs on a 3-node Redis Cluster, one command per hash tag against one GET
// per key, and on one Redis, MGET against one GET per key. The numbers in packages/redis/README.md.
import {
  clusterClient,
  redisClient,
  startCluster,
  startRedis,
  whenReady,
} from "../../packages/redis/test/redis-server.js";

const READS = 20_000;
const cluster = await startCluster();
const server = await startRedis();
const c = clusterClient(cluster.ports);
const s = redisClient(server.port);
await whenReady(s);
await new Promise((resolve) => c.once("ready", resolve));
const users = Array.from({ length: 500 }, (_, i) => `u${i}`);
for (const user of users) {
  for (const redis of [c, s]) {
    await redis.set(`p:rv:user:{${user}}`, "1");
    await redis.set(`p:st:{sid-${user}}`, '{"rev":3,"fields":{"selectedCompanyId":"acme"}}');
  }
}
const keysOf = (i: number) => {
  const user = users[i % users.length];
  return [`p:rv:user:{${user}}`, `p:rv:sid:{sid-${user}}`, `p:st:{sid-${user}}`] as const;
};

async function time(
  name: string,
  read: (keys: readonly [string, string, string]) => Promise<unknown>,
  inFlight: number,
): Promise<void> {
  for (let i = 0; i < 2000; i++) await read(keysOf(i)); // warm-up
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < READS) await read(keysOf(next++));
    }),
  );
  const ns = Number(process.hrtime.bigint() - start);
  console.log(`${name}, ${inFlight} in flight: ${(ns / READS / 1000).toFixed(1)} µs a read`);
}

for (let round = 0; round < 2; round++) {
  for (const inFlight of [1, 50]) {
    await time("cluster, GET per key", (keys) => Promise.all(keys.map((key) => c.get(key))), inFlight);
    await time(
      "cluster, per hash tag (GET + MGET)",
      ([user, sid, state]) => Promise.all([c.get(user), c.mget(sid, state)]),
      inFlight,
    );
    await time("standalone, MGET", (keys) => s.mget(...keys), inFlight);
    await time("standalone, GET per key", (keys) => Promise.all(keys.map((key) => s.get(key))), inFlight);
  }
}
c.disconnect();
s.disconnect();
await cluster.stop();
await server.stop();

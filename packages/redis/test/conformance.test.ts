import { runConformance } from "@safe-session/conformance";
import type { Redis } from "ioredis";
import { test } from "vitest";
import { SECRET, coreHarness } from "../../core/test/support/fixture.js";
import { createRedisStore } from "../src/index.js";
import { type RedisServer, redisClient, redisMissing, startRedis, whenReady } from "./redis-server.js";

/** Core's own two conformance targets, each with the Redis store on a server of its own. */
function withRedis(name: string, options: Parameters<typeof coreHarness>[0] = {}): void {
  let server: RedisServer | undefined;
  let client: Redis | undefined;
  runConformance({
    name,
    setup: async () => {
      server = await startRedis();
      client = redisClient(server.port);
      await whenReady(client);
      return coreHarness({ ...options, store: createRedisStore(client) });
    },
    teardown: async () => {
      client?.disconnect();
      await server?.stop();
    },
  });
}

const missing = redisMissing();
if (missing) {
  test.skip(`core (redis store) conformance (skipped: ${missing})`, () => {});
} else {
  withRedis("core (redis store)");
  withRedis("core (redis store, legacy GET, rotated secrets)", {
    legacyQueryKey: "companyId",
    secrets: ["core-test-secret-rotated-new", SECRET],
  });
}

import type { Cluster, ClusterOptions, Redis, RedisOptions } from "ioredis";
import { checkPrefix } from "./keys.js";

/**
 * The store's own connection, made from the app's client by `duplicate()` (same server, Sentinel
 * or Cluster nodes, auth, TLS, database), with every way ioredis has of sending a command later
 * turned off. A command the store gave up on must never run after its request was answered
 * `503`: the app's client may keep commands in an offline queue, resend the ones in flight after
 * a reconnect, or retry them after a failover, and it keeps those options for its own commands.
 */
const NEVER_LATER = {
  // Not connected: fail now instead of queueing for the next connection.
  enableOfflineQueue: false,
  // The connection died with commands in flight: fail them, do not send them again on the next one.
  autoResendUnfulfilledCommands: false,
  // ...and fail them when the connection closes, not after some reconnection attempts.
  maxRetriesPerRequest: 0,
  // Commands wait for Redis to have loaded its data (the store waits for `ready`, bounded).
  enableReadyCheck: true,
  // Connected on the first call, so a store that is never used opens nothing.
  lazyConnect: true,
} satisfies RedisOptions;

const NEVER_LATER_CLUSTER = {
  enableOfflineQueue: false,
  // A node's connection closed, or the cluster is down: fail, instead of sending again after a delay.
  retryDelayOnFailover: 0,
  retryDelayOnClusterDown: 0,
  // Reads from the primaries: a replica may not have the latest revocation yet.
  scaleReads: "master",
  lazyConnect: true,
} satisfies ClusterOptions;

export interface Connection {
  readonly redis: Redis | Cluster;
  /** Resolves once the connection is ready; rejects at once when the app's client was closed. */
  ready(): Promise<void>;
  /** The last connection error, for the time-out message (Redis away, wrong password, …). */
  lastError(): string | undefined;
}

// One connection per app client, however many stores (prefixes) use it.
const connections = new WeakMap<Redis | Cluster, Connection>();

export function connectionFor(client: Redis | Cluster): Connection {
  let connection = connections.get(client);
  if (!connection) {
    connection = open(client);
    connections.set(client, connection);
  }
  return connection;
}

function open(client: Redis | Cluster): Connection {
  const options = client.options as RedisOptions & ClusterOptions;
  const keyPrefix = options.keyPrefix ?? options.redisOptions?.keyPrefix;
  if (keyPrefix) checkPrefix(keyPrefix, "the ioredis client's keyPrefix");
  const redis = isCluster(client)
    ? client.duplicate([], {
        ...NEVER_LATER_CLUSTER,
        redisOptions: { ...options.redisOptions, autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 0 },
      })
    : client.duplicate(NEVER_LATER);
  let error: string | undefined;
  // Without a listener ioredis prints every reconnection error; the store reports them through
  // its calls (a rejection, so core's 503, with the last error in the message).
  redis.on("error", (cause: Error) => {
    error = cause.message;
  });
  redis.on("ready", () => {
    error = undefined;
  });
  // The app closing its client closes the store's connection too, so nothing keeps the process up.
  client.once("end", () => redis.disconnect());
  if (isCluster(redis)) {
    // A Cluster keeps its own connection to each node, with an offline queue ioredis always turns
    // on: a command for a node not connected yet would wait there and could run after its call
    // failed. So each node is connected as soon as it is known, and calls wait (bounded) until
    // every node is ready; a Cluster with enableOfflineQueue off refuses to queue on a node that
    // is connecting, so no command waits in a node's queue.
    redis.on("+node", (node: Redis) => {
      if (node.status === "wait") node.connect().catch(() => {});
    });
  }

  let waiting: Promise<void> | undefined;
  function connected(): Promise<void> {
    if (redis.status === "ready") return Promise.resolve();
    if (client.status === "end" || redis.status === "end") {
      return Promise.reject(new Error("safe-session: the Redis client was closed"));
    }
    if (redis.status === "wait") redis.connect().catch(() => {}); // lazy: the first call connects it
    waiting ??= new Promise<void>((resolve) =>
      redis.once("ready", () => {
        waiting = undefined;
        resolve();
      }),
    );
    return waiting;
  }

  return {
    redis,
    lastError: () => error,
    ready: () => (isCluster(redis) ? connected().then(() => nodesReady(redis)) : connected()),
  };
}

// One listener per node however many calls wait for it.
const nodeWaits = new WeakMap<Redis, Promise<void>>();

/** Resolves once every node connection of a ready Cluster is ready too. */
function nodesReady(cluster: Cluster): Promise<void> {
  const starting = cluster.nodes("all").filter((node) => node.status !== "ready");
  if (starting.length === 0) return Promise.resolve();
  const waits = starting.map((node) => {
    let wait = nodeWaits.get(node);
    if (!wait) {
      if (node.status === "wait") node.connect().catch(() => {});
      wait = new Promise<void>((resolve) => node.once("ready", () => resolve()));
      nodeWaits.set(node, wait);
      void wait.then(() => nodeWaits.delete(node));
    }
    return wait;
  });
  // A node may have been added meanwhile (slots moved): look again.
  return Promise.all(waits).then(() => nodesReady(cluster));
}

export function isCluster(client: Redis | Cluster): client is Cluster {
  return client.isCluster;
}

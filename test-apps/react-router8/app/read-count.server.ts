import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Test instrumentation, not something an app needs: how many times a request's session was
 * decoded, counted by the `jwt` callback (Auth.js runs it once per read) and sent back as
 * `X-Session-Reads`, so the tests see "one read per request" without a timer or a log.
 */
const reads = new AsyncLocalStorage<{ count: number }>();

export function countSessionRead(): void {
  const counter = reads.getStore();
  if (counter) counter.count += 1;
}

/** The outermost middleware: everything below it (the session middleware, loaders, actions) is counted. */
export async function countSessionReads(_args: unknown, next: () => Promise<Response>): Promise<Response> {
  const counter = { count: 0 };
  const response = await reads.run(counter, next);
  const headers = new Headers(response.headers);
  headers.set("x-session-reads", String(counter.count));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

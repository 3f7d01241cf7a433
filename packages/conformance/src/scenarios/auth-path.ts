/**
 * Which paths are Auth.js's: every target (a binding's router, core's handler, an app's framework)
 * reads a path as Auth.js's router does, so none answers a path Auth.js reads no action at as the
 * session route, whatever the framework then does with it (a page, a 404, Auth.js's 400).
 */
import { strict as assert } from "node:assert";
import type { Client } from "../client.js";
import { valuesOf } from "../harness.js";
import { type Scenario, json, selected, withCompany } from "./support.js";

/** The base path itself, with a bare slash, and a path that merely starts with its letters. */
const notAuthPaths = (basePath: string) => [basePath, `${basePath}/`, `${basePath}x/session`];

/** A session route's answer: JSON with the session's `user` and `expires`. */
async function isSessionAnswer(response: Response): Promise<boolean> {
  const text = await response.text();
  if (response.status !== 200 || !response.headers.get("content-type")?.startsWith("application/json")) return false;
  try {
    const body = JSON.parse(text) as { user?: unknown; expires?: unknown } | null;
    return typeof body?.user === "object" && typeof body.expires === "string";
  } catch {
    return false;
  }
}

/**
 * Not the session route, whatever else the target answers: how a framework answers a page it does
 * not have is its own (Remix in-process answers a POST to no route 500 for want of a Host header).
 */
async function assertNotSessionRoute(client: Client, path: string, response: Response): Promise<void> {
  assert.ok(!(await isSessionAnswer(response)), `${path} answers no session: Auth.js reads no action there`);
  assert.equal(await selected(client), valuesOf(client.harness).own, `${path} updates nothing`);
}

export const authPath: Scenario[] = [
  {
    id: "auth-path.base-path-itself",
    title: "{basePath}, {basePath}/ and {basePath}x/session are not Auth.js's routes: no session answer, no update",
    async run(h) {
      const client = await withCompany(h);
      const csrfToken = await client.csrf();
      for (const path of notAuthPaths(h.basePath)) {
        await assertNotSessionRoute(client, `GET ${path}`, await client.send(path));
        const post = await client.send(path, {
          method: "POST",
          headers: { "content-type": "application/json", origin: h.origin },
          body: json({ csrfToken, data: { [client.field]: valuesOf(h).ownOther } }),
        });
        await assertNotSessionRoute(client, `POST ${path}`, post);
        if (h.legacyQueryKey) {
          const legacy = await client.send(`${path}?${h.legacyQueryKey}=${valuesOf(h).ownOther}`, {
            headers: { "sec-fetch-site": "same-origin" },
          });
          await assertNotSessionRoute(client, `GET ${path}?${h.legacyQueryKey}=`, legacy);
        }
      }
      // The same client on the route itself: the paths above were refused for what they are.
      assert.equal(
        (await client.session())?.[client.field],
        valuesOf(h).own,
        `${h.basePath}/session answers the session`,
      );
    },
  },
];

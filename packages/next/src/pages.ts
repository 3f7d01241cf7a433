import type { ServerResponse } from "node:http";
import {
  type SafeJWT,
  type SafeSession,
  type SafeSessionData,
  type SafeSessionOptions,
  type UpdateDefinitions,
  createSafeSession,
} from "@safe-session/core";
import { type NodeRequest, appendSetCookies, sendWebResponse, toWebRequest, withoutBody } from "./convert.js";

// What a Pages Router app needs beside this module; the rest of core is `@safe-session/core`'s.
export {
  MemoryStore,
  SafeSessionError,
  defineUpdates,
  forwardedClientAddress,
  isSafeSessionError,
} from "@safe-session/core";
export { toWebRequest, sendWebResponse, type NodeRequest } from "./convert.js";

// The Pages Router's half of the binding, without `next/headers` (which Next refuses in a module
// the Pages Router imports): an app with no `app/` directory imports `@safe-session/next/pages`.

/** What `createPagesSafeSession` returns: the Pages Router's handler and reads. */
export interface PagesSafeSession<U extends UpdateDefinitions> {
  /** `export default pagesHandler` in `pages/api/auth/[...nextauth].ts` (with `bodyParser: false`). */
  pagesHandler(req: NodeRequest, res: ServerResponse): Promise<void>;
  /**
   * The Pages Router's `getServerSession(req, res, authOptions)` in one line: the session of a
   * Node request (`getServerSideProps`, API routes; its body is left unread), and the cookies its
   * read re-issues (a refresh, a next-auth v4 session moved over) appended to `res`.
   *
   * @example
   * // pages/dashboard.tsx
   * export const getServerSideProps: GetServerSideProps = async ({ req, res }) => {
   *   const session = await getServerSession(req, res);
   *   return session ? { props: { session } } : { redirect: { destination: "/", permanent: false } };
   * };
   */
  getServerSession(req: NodeRequest, res: ServerResponse): Promise<SafeSessionData<U> | null>;
  /** The decoded token of a Node request (`getToken({ req })` of next-auth v4). */
  getServerToken(req: NodeRequest): Promise<SafeJWT<U> | null>;
  /** The core instance, for anything that already has a Web Request. */
  safe: SafeSession<U>;
}

/**
 * The Pages Router's functions on a core instance the app already has (`createNextSafeSession`
 * returns the same ones).
 *
 * @example
 * const { getServerSession } = pagesSafeSession(createSafeSession({ config, updates }));
 */
export function pagesSafeSession<U extends UpdateDefinitions>(safe: SafeSession<U>): PagesSafeSession<U> {
  return {
    safe,
    async pagesHandler(req, res) {
      await sendWebResponse(res, await safe.handler(toWebRequest(req)));
    },
    async getServerSession(req, res) {
      const { session, headers } = await safe.readSession(withoutBody(req));
      const issued = headers.getSetCookie();
      if (issued.length > 0) appendSetCookies(res, issued);
      return session;
    },
    getServerToken: (req) => safe.getToken(withoutBody(req)),
  };
}

/**
 * safe-session for an app on the Pages Router only (the next-auth v4 recipe's stack).
 *
 * @example
 * // lib/auth.ts
 * export const { pagesHandler, getServerSession } = createPagesSafeSession({ config, updates });
 */
export function createPagesSafeSession<const U extends UpdateDefinitions>(
  options: SafeSessionOptions<U, undefined>,
): PagesSafeSession<U> {
  return pagesSafeSession(createSafeSession(options));
}

// @ts-check
// The mutants of packages/core/src that no test can tell from the original (equivalent mutants),
// kept here instead of as `// Stryker disable` comments in the source: an ignorer plugin
// (StrykerJS ≥ 7.3) that marks each listed node, and every mutant inside it, "ignored" with the
// reason given. A node is named by its file, its syntax type and its exact text (or the text it
// starts with), and where that text is not unique, by the one place in the file (`within`) that
// holds it.
// `packages/core/test/equivalent-mutants.test.ts` holds each entry to exactly one place in its
// file, so the list cannot go stale when code moves or is formatted.

/** @typedef {{ file: string, type: string, code?: string, startsWith?: string, within?: string, reason: string }} Equivalent */

/** @type {Equivalent[]} */
export const EQUIVALENTS = [
  {
    file: "packages/core/src/http/init-cookies.ts",
    type: "BinaryExpression",
    code: "genuine.size >= GENUINE_LIMIT",
    reason:
      "when the cache is emptied changes only its memory; a value not cached is verified again, with the same answer",
  },
  {
    file: "packages/core/src/pipeline/update.ts",
    type: "StringLiteral",
    code: '""',
    within: 'String(view.token.sub ?? view.token.email ?? "")',
    reason: "tokens without `sub` and `email` share one bucket, whatever its name",
  },
  {
    file: "packages/core/src/crypto/jwt.ts",
    type: "IfStatement",
    startsWith: "if (keys.size >= MAX_CACHED_KEYS) {",
    reason: "the bound only limits what is cached; an evicted key is derived again, the same",
  },
  {
    file: "packages/core/src/crypto/jwt.ts",
    type: "ArrowFunctionExpression",
    code: "(key) => keys.get(id) === entry && ready.set(id, key)",
    reason: "`ready` is a shortcut; without it (or with an evicted entry in it) keys come from `keys`, the same",
  },
  {
    file: "packages/core/src/crypto/jwt.ts",
    type: "ArrowFunctionExpression",
    code: "() => keys.delete(id)",
    reason: "deriving from a non-empty string (`secretList` checks) does not fail",
  },
  {
    file: "packages/core/src/crypto/jwt.ts",
    type: "TemplateLiteral",
    code: `\`\${enc}\\u0000\${salt}\\u0000\${secret}\``,
    within: `ready.get(\`\${enc}\\u0000\${salt}\\u0000\${secret}\`)`,
    reason: "a miss in `ready` takes the same key from `derivedKey`",
  },
  {
    file: "packages/core/src/crypto/jwt.ts",
    type: "BinaryExpression",
    code: "written.size >= MAX_CACHED_HEADERS",
    reason: "the bound only limits what is cached; a header is written again, the same",
  },
  {
    file: "packages/core/src/crypto/jwt.ts",
    type: "BinaryExpression",
    code: "headers.size >= MAX_CACHED_HEADERS",
    reason: "the bound only limits what is cached; a header is parsed again, the same",
  },
  {
    file: "packages/core/src/crypto/jwe.ts",
    type: "CallExpression",
    startsWith: "nativeCbcOn(\n  typeof builtin",
    reason: "which runtime loads this is the environment's choice, covered by the runtime tests",
  },
  {
    file: "packages/core/src/session/write.ts",
    type: "ArrowFunctionExpression",
    code: "(name) => known.includes(name)",
    reason: "`every` answering false builds the union, which is `known` itself when every name is in it",
  },
  {
    file: "packages/core/src/session/write.ts",
    type: "BinaryExpression",
    code: "cookieNameLists.size < 64",
    reason: "the bound only limits what is cached, never the names",
  },
  {
    file: "packages/core/src/events.ts",
    type: "ArrowFunctionExpression",
    code: "() => null",
    within: "read.catch(() => null)",
    reason: "a failed read means no token whether it settles to null or undefined; `?.token` reads undefined from both",
  },
  {
    file: "packages/core/src/store/store.ts",
    type: "StringLiteral",
    code: '""',
    within: 'this.#put(key, kindOf(key, Kind.Counter), "", 0, now + windowSeconds * 1000, now)',
    reason: "a counter is read through hit(), never get(); its value is not read",
  },
  {
    file: "packages/core/src/routes/path.ts",
    type: "StringLiteral",
    code: '""',
    within: '[action = "", providerId]',
    reason: "segments holds one or two non-empty strings here, so the default never applies",
  },
  {
    file: "packages/core/src/routes/path.ts",
    type: "BinaryExpression",
    code: "patterns.size < 64",
    reason: "the bound caps only the cache's memory; a pattern cached or compiled again reads every path the same",
  },
  {
    file: "packages/core/src/routes/credentials-sign-in.ts",
    type: "ArrayExpression",
    code: "[]",
    within: "config.providers ?? []",
    reason: "any entry there is not a Credentials provider, as none is",
  },
  {
    file: "packages/core/src/routes/credentials-sign-in.ts",
    type: "StringLiteral",
    code: '"adapter"',
    within: 'failClosed("adapter", run)',
    reason: 'failClosed names any source but "store" the session database, as it does "adapter"',
  },
];

/** @param {string} code @param {{ start?: number | null, end?: number | null }} node */
const textOf = (code, node) => (node.start == null || node.end == null ? "" : code.slice(node.start, node.end));

/** @param {Equivalent} e @param {string} text */
const matches = (e, text) =>
  e.code !== undefined ? text === e.code : text.startsWith(/** @type {string} */ (e.startsWith));

class EquivalentMutants {
  static inject = /** @type {const} */ ([]);
  /** @param {any} path a Babel NodePath */
  shouldIgnore(path) {
    const file = path.hub?.file;
    const name = String(file?.opts?.filename ?? "").replaceAll("\\", "/");
    const code = file?.code;
    if (!code) return undefined;
    for (const e of EQUIVALENTS) {
      if (path.node.type !== e.type || !name.endsWith(e.file) || !matches(e, textOf(code, path.node))) continue;
      // The node lies inside the one place `within` names (the test holds it to one place).
      const at = e.within === undefined ? -1 : code.indexOf(e.within);
      if (e.within !== undefined && (at < 0 || path.node.start < at || path.node.end > at + e.within.length)) continue;
      return `Equivalent (stryker.equivalents.mjs): ${e.reason}`;
    }
    return undefined;
  }
}

export const strykerPlugins = [{ kind: "Ignore", name: "equivalents", injectableClass: EquivalentMutants }];

import Credentials from "@auth/core/providers/credentials";
import { CONTRACT_USERS, type Harness, runConformance } from "@safe-session/conformance";
import { MemoryStore } from "../src/index.js";
import { SECRET, coreHarness, databaseHarness, testConfig } from "./support/fixture.js";

/**
 * The core target with the sign-in scenarios' hooks: a client address, a spare account to lock, the
 * provider's `authorize` calls counted (the burst is judged by calls, not only answers) and a way
 * to flood the store.
 */
function hookedHarness(): Harness {
  let calls = 0;
  // A third account, the one the locked-out scenario locks: no other scenario signs in with it.
  const spare = { id: "spare", email: "spare@example.com", password: "spare-password" };
  const accounts = [...Object.values(CONTRACT_USERS), spare];
  const provider = Credentials({
    credentials: { email: {}, password: {} },
    authorize: ({ email, password }) => {
      calls++;
      const account = accounts.find((a) => a.email === email && a.password === password);
      return account
        ? {
            id: account.id,
            email: account.email,
            name: account.id === "alice" ? "Alice" : account.id === "bob" ? "Bob" : "Spare",
          }
        : null;
    },
  });
  // Small enough that the flood fills it in a moment, large enough for the suite's own traffic.
  const maxBytes = 8 * 1024 * 1024;
  const store = new MemoryStore({ maxBytes });
  return {
    // One client address for every request, as a server's connection gives: the per-address limit
    // applies, and the forged-address scenario runs in-process too.
    ...coreHarness({ config: { ...testConfig(), providers: [provider] }, store, clientAddress: () => "192.0.2.10" }),
    clientAddress: "connection",
    spareUser: spare,
    authorizeCalls: () => calls,
    // What an attacker's requests leave in the store are counters (one per made-up account or
    // user): twice the bound of them, so every older entry the store may give up is gone.
    async floodStore() {
      for (let i = 0; i < (2 * maxBytes) / 200; i++) await store.hit(`flood:${i}`, 60);
    },
  };
}

runConformance({ name: "core", setup: hookedHarness });

runConformance({
  name: "core (legacy GET, rotated secrets)",
  setup: () => coreHarness({ legacyQueryKey: "companyId", secrets: ["core-test-secret-rotated-new", SECRET] }),
});

runConformance({ name: "core (database sessions)", setup: () => databaseHarness() });

import { describe, expect, test } from "vitest";
import { ORIGIN, createTestSession } from "../support/fixture.js";
import { csrfPair, sessionCookie } from "../support/signed-in.js";

/** An update whose body arrives in pieces, as a network stream delivers it. */
async function streamedUpdate(pieces: Uint8Array[]) {
  const csrf = csrfPair();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
  return new Request(`${ORIGIN}/auth/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, cookie: `${await sessionCookie()}; ${csrf.cookie}` },
    body,
    duplex: "half",
  } as RequestInit);
}

describe("an update body read in chunks", () => {
  test("is read whole and in order, even with a character cut between two chunks", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ csrfToken: csrfPair().token, data: { name: "Zoë" } }));
    // "ë" is two bytes in UTF-8: the cut falls between them.
    const cut = bytes.indexOf(0xc3) + 1;
    const response = await createTestSession().handler(
      await streamedUpdate([bytes.subarray(0, 10), bytes.subarray(10, cut), bytes.subarray(cut)]),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: { name: "Zoë" } });
  });
});

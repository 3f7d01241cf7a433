/** HTTP hygiene: methods, media types, body sizes, bodies. */
import { strict as assert } from "node:assert";
import { invalidCode, json, refused, type Scenario, withCompany } from "./support.js";
import { valuesOf } from "../harness.js";

function badBody(id: string, label: string, body: string): Scenario {
  return {
    id: `bad-request.${id}`,
    title: `refuses ${label} with BAD_REQUEST`,
    async run(h) {
      const client = await withCompany(h);
      await refused(client, "BAD_REQUEST", () =>
        client.send(client.path("session"), { method: "POST", headers: { "content-type": "application/json" }, body }),
      );
    },
  };
}

function mediaType(id: string, contentType: string | null): Scenario {
  return {
    id: `media-type.${id}`,
    title: `refuses Content-Type ${contentType ?? "(none)"} with UNSUPPORTED_MEDIA_TYPE`,
    async run(h) {
      const client = await withCompany(h);
      const csrfToken = await client.csrf();
      const body = json({ csrfToken, data: { [client.field]: valuesOf(h).ownOther } });
      await refused(client, "UNSUPPORTED_MEDIA_TYPE", () =>
        client.send(client.path("session"), {
          method: "POST",
          // A same-origin page sending that type (frameworks refuse cross-site form types themselves).
          headers: { origin: h.origin, ...(contentType === null ? {} : { "content-type": contentType }) },
          body: contentType === null ? new Blob([body]) : body,
        }),
      );
    },
  };
}

function method(verb: string): Scenario {
  return {
    id: `method.${verb.toLowerCase()}`,
    title: `answers ${verb} with METHOD_NOT_ALLOWED and an Allow header`,
    async run(h) {
      const client = await withCompany(h);
      let allow: string | null = null;
      await refused(client, "METHOD_NOT_ALLOWED", async () => {
        const response = await client.send(client.path("session"), {
          method: verb,
          headers: { "content-type": "application/json" },
          body: json({ data: { [client.field]: valuesOf(h).ownOther } }),
        });
        allow = response.headers.get("allow");
        return response;
      });
      assert.ok(allow, "Allow header present");
      const methods = (allow as string).split(",").map((m) => m.trim());
      assert.ok(methods.includes("GET") && methods.includes("POST"), `Allow lists GET and POST (got ${allow})`);
    },
  };
}

export const http: Scenario[] = [
  method("PUT"),
  method("DELETE"),
  method("PATCH"),
  mediaType("text-plain", "text/plain"),
  mediaType("form", "application/x-www-form-urlencoded"),
  mediaType("none", null),
  mediaType("json-lookalike", "application/jsonp"),
  mediaType("json-suffix", "application/json-patch+json"),
  mediaType("other-charset", "application/json; charset=utf-16"),
  {
    id: "media-type.parameters",
    title: "accepts application/json with a UTF-8 charset parameter",
    async run(h) {
      const client = await withCompany(h);
      const csrfToken = await client.csrf();
      const response = await client.send(client.path("session"), {
        method: "POST",
        headers: { "content-type": "Application/JSON; charset=UTF-8" },
        body: json({ csrfToken, data: { [client.field]: valuesOf(h).ownOther } }),
      });
      assert.equal(response.status, 200);
    },
  },
  {
    id: "size.too-large",
    title: "refuses a body over the limit with PAYLOAD_TOO_LARGE",
    async run(h) {
      const client = await withCompany(h);
      const csrfToken = await client.csrf();
      const limit = h.maxBodyBytes ?? 8192;
      await refused(client, "PAYLOAD_TOO_LARGE", () =>
        client.send(client.path("session"), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: json({ csrfToken, data: { [client.field]: "y".repeat(limit) } }),
        }),
      );
    },
  },
  {
    id: "size.at-limit",
    title: "reads a body just under the limit (and judges its value)",
    async run(h) {
      const client = await withCompany(h);
      const csrfToken = await client.csrf();
      const limit = h.maxBodyBytes ?? 8192;
      const envelope = json({ csrfToken, data: { [client.field]: "" } }).length;
      await refused(client, invalidCode(h), () =>
        client.send(client.path("session"), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: json({ csrfToken, data: { [client.field]: "z".repeat(limit - envelope) } }),
        }),
      );
    },
  },
  badBody("invalid-json", "a body that is not JSON", "{not json"),
  badBody("array", "a JSON array", "[1,2]"),
  badBody("null", "JSON null", "null"),
  badBody("data-missing", "a body without data", json({ csrfToken: "x" })),
  badBody("data-array", "data as an array", json({ csrfToken: "x", data: ["acme"] })),
  badBody(
    "data-string",
    "data as a string (the form-encoded trap)",
    json({ csrfToken: "x", data: "selectedCompanyId=acme" }),
  ),
];

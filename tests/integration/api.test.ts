/**
 * The application API's framework and keys on every database: each route demands its scope (403
 * without it, 401 without a valid key), revoked and wrong keys are refused with problem details,
 * last use is recorded at most once a minute, the per-key limit answers 429; the OpenAPI document
 * is valid OpenAPI 3.1 and lists every route; hostile input is always a 4xx problem, never a 5xx;
 * tenants are created with an invitation, renamed and deleted, each with its event.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, expect } from "vitest";
import { ROUTES } from "@/lib/api/routes";
import { tenantCreatedSchema, tenantView, identityProviderListSchema } from "@/lib/api/schemas";
import {
  ALL_SCOPES,
  api,
  apiKey,
  conforms,
  eventsWhenNumbered,
  expectProblem,
  type ApiReply,
} from "../support/api";
import { provisionedTenant, queryRows } from "../support/app";
import { testCertificate } from "../support/certificates";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import { call, hex, type Json } from "../support/scim-client";
import { groupBody, userBody } from "../support/scim-requests";

type Operation = { "x-required-scope"?: string; security: Record<string, string[]>[] };

const env = { API_KEY_CACHE_SECONDS: "1", API_RATE_LIMIT_PER_KEY: "100" };

describeEachDatabase("application API on %s", { env, tenant: "Keyed", timeout: 240_000 }, (suite) => {
  let all: string;
  let userId: string;
  let groupId: string;
  // Keys made through the CLI up front, a few at a time (each CLI run starts a process).
  let keys: Record<string, { keyId: string; key: string }>;
  beforeAll(async () => {
    const wanted: [string, string][] = [
      ["all", ALL_SCOPES],
      ["events:read", "events:read"],
      ["directory:read", "directory:read"],
      ["tenants:write", "tenants:write"],
      ["webhooks:write", "webhooks:write"],
      ["applications:write", "applications:write"],
      ["roles:write", "roles:write"],
      ["revoked", "events:read"],
      ["lastUse", "directory:read"],
      ["busy", "events:read"],
    ];
    keys = {};
    for (let i = 0; i < wanted.length; i += 4) {
      const made = await Promise.all(
        wanted.slice(i, i + 4).map(([name, scopes]) => apiKey(suite.app, scopes, name)),
      );
      made.forEach((k, j) => (keys[wanted[i + j]![0]] = k));
    }
    all = keys.all!.key;
    const user = await suite.scim("POST", "/Users", userBody({ userName: `k.${hex()}@contoso.com` }));
    userId = String(user.body.id);
    const group = await suite.scim("POST", "/Groups", groupBody(`Keyed ${hex()}`, [userId]));
    groupId = String(group.body.id);
  }, 240_000);

  /** A concrete path for a route (a tenant that does not exist for the ones that change tenants). */
  const concrete = (route: string, method: string) =>
    route
      .replace(
        "{tenantId}",
        method === "GET" ? suite.tenant.tenantId : "00000000-0000-7000-8000-000000000000",
      )
      .replace("{userId}", userId)
      .replace("{groupId}", groupId)
      .replace("{endpointId}", "00000000-0000-7000-8000-000000000000")
      .replace("{mappingId}", "00000000-0000-7000-8000-000000000000")
      .replace("{key}", "no-such-role")
      .replace("{type}", "validation");

  dbTest(
    "serves a valid OpenAPI 3.1 document, without a key, listing every route with its scope",
    async ({ app }) => {
      const reply = await api(app, null, "GET", "/openapi.json");
      expect(reply.status).toBe(200);
      expect(reply.headers.get("content-type")).toMatch(/^application\/json/);
      // proxy.ts does not run here: the API's own strict headers, no page nonce.
      expect(reply.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      const document = reply.body;
      const result = await new Validator().validate(structuredClone(document));
      expect(result, JSON.stringify(result.errors)).toMatchObject({ valid: true });
      expect(document.openapi).toMatch(/^3\.1\./);
      const paths = document.paths as Record<string, Record<string, Operation>>;
      for (const route of ROUTES) {
        const operation = paths[route.path]?.[route.method.toLowerCase()];
        expect(operation, `${route.method} ${route.path}`).toBeDefined();
        expect(operation!.security).toEqual(route.scope ? [{ apiKey: [route.scope] }] : []);
      }
      // Every reference names a component that exists.
      const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
      const refs = [...reply.text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
      expect(refs.length).toBeGreaterThan(20);
      for (const ref of refs) expect(schemas[ref], ref).toBeDefined();
      expect(Object.keys(schemas)).toEqual(
        expect.arrayContaining(["Event", "User", "Group", "Tenant", "Problem"]),
      );
    },
  );

  dbTest("enforces each route's scope, and asks every non-public route for a key", async ({ app }) => {
    const scoped = [
      "events:read",
      "directory:read",
      "tenants:write",
      "webhooks:write",
      "applications:write",
      "roles:write",
    ].map((scope) => [scope, keys[scope]!.key] as const);
    for (const route of ROUTES) {
      const where = concrete(route.path, route.method);
      const body = route.method === "POST" || route.method === "PATCH" ? {} : undefined;
      if (route.scope === null) {
        expect((await api(app, null, route.method, where, body)).status, where).toBe(200);
        continue;
      }
      expectProblem(await api(app, null, route.method, where, body), 401, "unauthorized");
      for (const [scope, key] of scoped) {
        const reply = await api(app, key, route.method, where, body);
        if (scope === route.scope) {
          expect([401, 403], `${route.method} ${where} with ${scope}: ${reply.text}`).not.toContain(
            reply.status,
          );
          expect(reply.status).toBeLessThan(500);
        } else {
          expectProblem(reply, 403, "forbidden");
          expect(reply.body.detail).toContain(route.scope);
        }
      }
    }
  });

  dbTest(
    "refuses wrong, malformed and revoked keys with 401 problem details",
    async ({ app, tenant }) => {
      const wrong = `rck_${"A".repeat(43)}`;
      for (const header of [
        `Bearer ${wrong}`,
        "Bearer nope",
        "Basic dXNlcjpwYXNz",
        `Bearer ${tenant.token}`,
      ]) {
        const reply = await api(app, null, "GET", "/events", undefined, { Authorization: header });
        expectProblem(reply, 401, "unauthorized");
        expect(reply.headers.get("www-authenticate")).toMatch(/^Bearer/);
      }
      const { keyId, key } = keys.revoked!;
      expect((await api(app, key, "GET", "/events?limit=1")).status).toBe(200);
      expect(await app.cli("api-key", "revoke", "--key-id", keyId)).toEqual({ revoked: keyId });
      // Revoked by another process (the CLI): refused within API_KEY_CACHE_SECONDS (1 s here).
      const revokedAt = Date.now();
      let reply = await api(app, key, "GET", "/events?limit=1");
      while (reply.status === 200 && Date.now() - revokedAt < 5000) {
        await new Promise((r) => setTimeout(r, 100));
        reply = await api(app, key, "GET", "/events?limit=1");
      }
      expectProblem(reply, 401, "unauthorized");
      const listing = (await app.cli<{ keys: Json[] }>("api-key", "list")).keys;
      const listed = listing.find((k) => k.keyId === keyId)!;
      expect(listed.revokedAt).toEqual(expect.any(String));
      // The key itself is never listed, nor stored: only its hint.
      expect(JSON.stringify(listing)).not.toContain(key);
      expect(listed.hint).toBe(`${key.slice(0, 10)}…`);
    },
    120_000,
  );

  dbTest(
    "records a key's last use, at most once a minute",
    async ({ app }) => {
      const { keyId, key } = keys.lastUse!;
      const stored = async () =>
        (
          await queryRows<{ lastUsedAt: unknown }>(
            app.database,
            `SELECT "lastUsedAt" FROM "ApiKey" WHERE id = ?`,
            [keyId],
          )
        )[0]!.lastUsedAt;
      expect(await stored()).toBeNull();
      expect((await api(app, key, "GET", "/tenants?limit=1")).status).toBe(200);
      let first = await stored();
      for (let i = 0; first === null && i < 50; i++) {
        await new Promise((r) => setTimeout(r, 100));
        first = await stored();
      }
      expect(first).not.toBeNull();
      await new Promise((r) => setTimeout(r, 1500)); // past the key cache: the key is read again
      expect((await api(app, key, "GET", "/tenants?limit=1")).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(await stored()).toEqual(first);
      // The operator sees it.
      const listed = (await app.cli<{ keys: Json[] }>("api-key", "list")).keys.find(
        (k) => k.keyId === keyId,
      )!;
      expect(new Date(String(listed.lastUsedAt)).getTime()).toBeGreaterThan(Date.now() - 60_000);
    },
    120_000,
  );

  dbTest(
    "limits requests per key with 429 and Retry-After, without holding back other keys",
    async ({ app }) => {
      const { key } = keys.busy!;
      // 100 per 10-second window here: bursts until the limit answers (a slow machine may need more).
      let limited: ApiReply | undefined;
      for (let round = 0; round < 30 && !limited; round++) {
        const replies = await Promise.all(
          Array.from({ length: 25 }, () => api(app, key, "GET", "/events?limit=1")),
        );
        limited = replies.find((r) => r.status === 429);
        expect(replies.every((r) => r.status === 200 || r.status === 429)).toBe(true);
      }
      expect(limited).toBeDefined();
      expectProblem(limited!, 429, "rate-limited");
      expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await api(app, all, "GET", "/events?limit=1")).status).toBe(200);
    },
  );

  dbTest("answers hostile input with 4xx problem details, never a 5xx", async ({ app, tenant }) => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const cases: [string, string, unknown, Record<string, string>, number][] = [
      ["GET", "/events?after=evt_abc", undefined, {}, 422],
      ["GET", "/events?after=-1", undefined, {}, 422],
      ["GET", "/events?after=99999999999999999", undefined, {}, 422],
      ["GET", "/events?limit=1000000000", undefined, {}, 422],
      ["GET", "/events?limit=1001", undefined, {}, 422],
      ["GET", "/events?limit=0", undefined, {}, 422],
      ["GET", "/events?limit=1.5", undefined, {}, 422],
      ["GET", "/events?limit=abc", undefined, {}, 422],
      ["GET", "/events?types=user.created,user.exploded", undefined, {}, 422],
      ["GET", "/events?types=" + "x".repeat(5000), undefined, {}, 422],
      ["GET", "/events?limit=1&limit=2", undefined, {}, 422],
      ["GET", "/events?colour=red", undefined, {}, 422],
      ["GET", "/tenants?cursor=!!!", undefined, {}, 422],
      ["GET", `/tenants?cursor=${Buffer.from('["a","b"]').toString("base64url")}`, undefined, {}, 422],
      [
        "GET",
        `/tenants/${tenant.tenantId}/users?cursor=${Buffer.from('["yesterday","x"]').toString("base64url")}`,
        undefined,
        {},
        422,
      ],
      [
        "GET",
        `/tenants/${tenant.tenantId}/users?cursor=${Buffer.from("{}").toString("base64url")}`,
        undefined,
        {},
        422,
      ],
      ["GET", `/tenants/${tenant.tenantId}/users?updatedSince=last-tuesday`, undefined, {}, 422],
      ["GET", `/tenants/${"x".repeat(300)}`, undefined, {}, 422],
      ["GET", "/tenants/..%2F..%2Fetc", undefined, {}, 422],
      ["GET", "/tenants/%00", undefined, {}, 422],
      ["GET", `/tenants/${tenant.tenantId}/users/a%00b`, undefined, {}, 422],
      ["GET", "/events?tenant=%00", undefined, {}, 422],
      ["GET", `/tenants?cursor=${Buffer.from('["a\\u0000"]').toString("base64url")}`, undefined, {}, 422],
      ["GET", `/tenants/${tenant.tenantId}?expand=all`, undefined, {}, 422],
      ["GET", "/nowhere", undefined, {}, 404],
      ["PUT", "/events", undefined, {}, 405],
      ["DELETE", "/tenants", undefined, {}, 405],
      ["POST", "/tenants", "name=x", { "Content-Type": "application/x-www-form-urlencoded" }, 415],
      ["POST", "/tenants", "{not json", {}, 400],
      ["POST", "/tenants", "", {}, 400],
      ["POST", "/tenants", deep, {}, 400],
      ["POST", "/tenants", '{"name":"a\\u0000b","adminEmail":"a@b.example"}', {}, 400],
      ["POST", "/tenants", JSON.stringify({ name: "x".repeat(70_000) }), {}, 413],
      ["POST", "/tenants", "[]", {}, 422],
      ["POST", "/tenants", { name: 42, adminEmail: "not an email", role: "owner" }, {}, 422],
      ["PATCH", `/tenants/${tenant.tenantId}`, { name: "" }, {}, 422],
    ];
    for (const [method, where, body, headers, status] of cases) {
      const reply = await api(app, all, method, where, body, headers);
      expectProblem(reply, status);
    }
    const invalid = await api(app, all, "POST", "/tenants", { name: 42, adminEmail: "x", role: "owner" });
    expect(invalid.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: "#/name" }),
        expect.objectContaining({ pointer: "#/adminEmail" }),
        expect.objectContaining({ pointer: "#/role" }),
      ]),
    );
    const badLimit = await api(app, all, "GET", "/events?limit=5000");
    expect(badLimit.body.errors).toEqual([expect.objectContaining({ parameter: "limit" })]);
    expect(app.logs()).not.toMatch(/api: unexpected error/);
  });

  dbTest(
    "creates a tenant with an invitation for its first administrator, renames and deletes it, with events",
    async ({ app, tenant }) => {
      const email = `founder-${hex()}@fabrikam.example`;
      const created = await api(app, all, "POST", "/tenants", { name: "  Fabrikam  ", adminEmail: email });
      expect(created.status, created.text).toBe(201);
      const body = conforms(tenantCreatedSchema, created.body);
      expect(body.tenant.name).toBe("Fabrikam");
      expect(created.headers.get("location")).toBe(`/api/v1/tenants/${body.tenant.id}`);
      expect(body.invitation.email).toBe(email);
      expect(body.invitation.url).toMatch(new RegExp(`^${app.url}/invite/[A-Za-z0-9_-]{43}$`));
      // The invitation is a real one: its page offers to join Fabrikam.
      const invitePage = await fetch(body.invitation.url);
      expect(invitePage.status).toBe(200);
      expect(await invitePage.text()).toContain("Fabrikam");
      // The email now has an invitation, not an account; an email with an account is refused.
      expectProblem(
        await api(app, all, "POST", "/tenants", { name: "Other", adminEmail: tenant.email }),
        409,
        "conflict",
      );

      const id = body.tenant.id;
      conforms(tenantView, (await api(app, all, "GET", `/tenants/${id}`)).body);
      const renamed = await api(app, all, "PATCH", `/tenants/${id}`, { name: "Fabrikam Ltd" });
      expect(conforms(tenantView, renamed.body).name).toBe("Fabrikam Ltd");
      expect((await api(app, all, "PATCH", `/tenants/${id}`, { name: "Fabrikam Ltd" })).status).toBe(200); // no change

      const other = await provisionedTenant(app, "Doomed");
      const users = await call(other, "POST", "/Users", userBody({ userName: `d.${hex()}@doomed.com` }));
      expect(users.status).toBe(201);
      expect((await api(app, all, "DELETE", `/tenants/${other.tenantId}`)).status).toBe(204);
      expectProblem(await api(app, all, "GET", `/tenants/${other.tenantId}`), 404, "not-found");
      expectProblem(await api(app, all, "GET", `/tenants/${other.tenantId}/users`), 404, "not-found");
      expectProblem(await api(app, all, "DELETE", `/tenants/${other.tenantId}`), 404, "not-found");
      // Its provisioning token and its administrators are gone with it.
      expect((await call(other, "GET", "/Users")).status).toBe(401);

      const events = await eventsWhenNumbered(app, all, `tenant=${id}`, 2);
      expect(events.map((e) => e.type)).toEqual(["tenant.created", "tenant.updated"]);
      expect(events[1]!.data).toEqual({
        tenant: { id, name: "Fabrikam Ltd", createdAt: body.tenant.createdAt },
        changes: [{ path: "name", before: "Fabrikam", after: "Fabrikam Ltd" }],
      });
      const gone = await eventsWhenNumbered(app, all, `tenant=${other.tenantId}&types=tenant.deleted`, 1);
      expect(gone).toHaveLength(1);
      expect(gone[0]!.data).toMatchObject({ tenant: { id: other.tenantId, name: "Doomed" } });
    },
    120_000,
  );

  dbTest(
    "lists a tenant's identity providers with certificate facts, never a certificate or a secret",
    async ({ app, tenant }) => {
      const { cert } = await testCertificate("Keyed IdP");
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-cert-")), "idp.pem");
      fs.writeFileSync(file, cert);
      await app.cli(
        "idp",
        "add",
        "--tenant",
        tenant.tenantId,
        "--type",
        "saml",
        "--name",
        `SAML ${hex()}`,
        "--login-url",
        "https://login.microsoftonline.com/x/saml2",
        "--certificate-file",
        file,
      );
      const reply = await api(app, all, "GET", `/tenants/${tenant.tenantId}/identity-providers`);
      const list = conforms(identityProviderListSchema, reply.body).data;
      expect(list).toHaveLength(2);
      const saml = list.find((i) => i.type === "saml")!;
      expect(saml.certificate).toMatchObject({
        sha256: expect.stringMatching(/^[0-9A-F:]+$/i),
        notAfter: expect.any(String),
      });
      expect(list.find((i) => i.id === tenant.idpId)!.provisioning).toEqual({
        enabled: true,
        tenantUrl: tenant.tenantUrl,
      });
      expect(reply.text).not.toContain("BEGIN CERTIFICATE");
      expect(reply.text).not.toContain(cert.split("\n")[1]!);
      expect(reply.text).not.toContain(tenant.token);
      expect(reply.text).not.toMatch(/tokenHash|Pem"/);
      expectProblem(await api(app, all, "GET", "/tenants/nope/identity-providers"), 404, "not-found");
    },
    120_000,
  );
});

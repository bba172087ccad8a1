/**
 * Two stateless app instances on one PostgreSQL database, requests alternating between them:
 * uniqueness, membership changes, token revocation and the SSO replay cache hold across instances.
 * Both run behind one public URL (APP_URL), as behind a load balancer.
 */
import { expect } from "vitest";
import { type App } from "../support/app";
import { dbTest, describeOnDatabase } from "../support/fixtures";
import { addSsoIdp, postSamlResponse } from "../support/sso";
import { TestIdp } from "../support/test-idp";

const env = {
  SCIM_TOKEN_CACHE_SECONDS: "1",
  APP_URL: "https://rollcall.test",
  NEXTAUTH_URL: "https://rollcall.test",
};

// PostgreSQL is the multi-instance store; on a machine without it (CI installs it) this is skipped.
describeOnDatabase("postgres", "two app instances on one PostgreSQL", { env, instances: 2 }, (suite) => {
  const path = (url: string) => new URL(url).pathname;
  /** A SCIM request to one instance, at the tenant's path behind the shared public URL. */
  const on = (app: App, method: string, p: string, body?: unknown, token = suite.tenant.token) =>
    fetch(`${app.url}${path(suite.tenant.tenantUrl)}${p}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  dbTest("creates a userName exactly once when both instances race to create it", async ({ apps }) => {
    const [a, b] = apps as [App, App];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        on(i % 2 ? a : b, "POST", "/Users", { userName: `Race.User@contoso.com` }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  });

  dbTest("loses no member when both instances PATCH one group at once", async ({ apps }) => {
    const [a, b] = apps as [App, App];
    const users = await Promise.all(
      Array.from({ length: 32 }, async (_, i) => {
        const r = await on(i % 2 ? a : b, "POST", "/Users", { userName: `member${i}@contoso.com` });
        return ((await r.json()) as { id: string }).id;
      }),
    );
    const group = (await (await on(a, "POST", "/Groups", { displayName: "Raced" })).json()) as { id: string };
    const patches = await Promise.all(
      users.map((id, i) =>
        on(i % 2 ? a : b, "PATCH", `/Groups/${group.id}`, {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: "Add", path: "members", value: [{ value: id }] }],
        }),
      ),
    );
    expect(patches.every((r) => r.status === 204)).toBe(true);
    const read = (await (await on(b, "GET", `/Groups/${group.id}`)).json()) as {
      members: { value: string }[];
    };
    expect(read.members.map((m) => m.value).sort()).toEqual([...users].sort());
  });

  dbTest("stops a revoked token on both instances within the cache bound", async ({ apps, tenant }) => {
    const [a, b] = apps as [App, App];
    expect((await on(a, "GET", "/Users?count=1")).status).toBe(200);
    expect((await on(b, "GET", "/Users?count=1")).status).toBe(200);
    const tokens = await tokenIds(a);
    await a.cli("provisioning", "revoke-token", "--idp", tenant.idpId, "--token-id", tokens[0]!);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await on(a, "GET", "/Users?count=1")).status).toBe(401);
    expect((await on(b, "GET", "/Users?count=1")).status).toBe(401);
  });

  async function tokenIds(app: App): Promise<string[]> {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: app.database.url });
    await client.connect();
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM "ProvisioningToken" WHERE "idpId" = $1 AND "revokedAt" IS NULL`,
      [suite.tenant.idpId],
    );
    await client.end();
    return rows.map((r) => r.id);
  }

  dbTest(
    "refuses on one instance a SAML assertion already used on the other (shared replay cache)",
    async ({ apps, tenant }) => {
      const [a, b] = apps as [App, App];
      const idp = await TestIdp.create();
      const sp = await addSsoIdp(a, tenant.tenantId, {
        name: "Replay SAML",
        metadata: idp.metadataXml("https://idp.test.example"),
      });
      const idpId = sp.idpId;
      const scim = await a.cli("provisioning", "enable", "--idp", idpId);
      const created = await fetch(`${b.url}${path(scim.tenantUrl!)}/Users`, {
        method: "POST",
        headers: { Authorization: `Bearer ${scim.token}`, "Content-Type": "application/scim+json" },
        body: JSON.stringify({ userName: "replay@contoso.com", active: true }),
      });
      expect(created.status).toBe(201);
      const xml = idp.samlResponse({
        audience: sp.entityId,
        acsUrl: sp.acsUrl,
        nameId: "replay@contoso.com",
      });
      const postTo = (app: App) => postSamlResponse(`${app.url}${path(sp.acsUrl)}`, xml);
      const first = await postTo(a);
      expect(first.headers.get("location")).toBe("https://rollcall.test/account");
      const second = await postTo(b);
      expect(second.headers.get("location")).toBe("https://rollcall.test/account/refused?reason=replayed");
    },
  );
});

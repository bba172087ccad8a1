/**
 * Provisioning tokens as the portal issues them (issue 19): a name (or "<IdP> token N"), an
 * optional expiry after which SCIM refuses the token with a SCIM 401, the last use's time and
 * client address; and the self-test's last run kept, without its expected 404 in the log.
 */
import { expect } from "vitest";
import { sqliteTime, toDate } from "@/lib/db/sql";
import { callAction } from "../support/actions";
import { credentialsSignIn, executeSql, queryRows, type App } from "../support/app";
import { dbTest, describeEachDatabase, type ProvisionedTenant } from "../support/fixtures";

type TokenRow = { name: string; expiresAt: unknown; lastUsedAt: unknown; lastUsedIp: string | null };

async function advancedAdmin(app: App, tenant: ProvisionedTenant): Promise<string> {
  const signedIn = await credentialsSignIn(app, tenant.email, tenant.password);
  if (!("cookie" in signedIn)) throw new Error(`sign-in failed: ${signedIn.error}`);
  const view = await callAction(app.url, "setAdminViewAction", ["advanced"], { cookie: signedIn.cookie });
  expect(view.value).toMatchObject({ ok: true });
  return signedIn.cookie;
}

function generate(app: App, cookie: string, idpId: string, options: unknown) {
  return callAction(app.url, "generateTokenAction", [idpId, options], {
    cookie,
    page: `/identity-providers/${idpId}/provisioning`,
  });
}

const testConnection = (tenantUrl: string, token: string) =>
  fetch(`${tenantUrl}/Users?filter=${encodeURIComponent('userName eq "nobody"')}`, {
    headers: { Authorization: `Bearer ${token}` },
  });

async function tokenRow(app: App, tenantId: string, name: string): Promise<TokenRow> {
  const [row] = await queryRows<TokenRow>(
    app.database,
    `SELECT name, "expiresAt", "lastUsedAt", "lastUsedIp" FROM "ProvisioningToken" WHERE "tenantId" = ? AND name = ?`,
    [tenantId, name],
  );
  return row!;
}

describeEachDatabase("provisioning tokens on %s", { other: "Fabrikam" }, () => {
  dbTest(
    "names a token (by default after its identity provider), records its last use with the client address, and refuses it once expired with a SCIM 401",
    async ({ app, kind, tenant }) => {
      const cookie = await advancedAdmin(app, tenant);
      const named = await generate(app, cookie, tenant.idpId, { name: "Rotation 2026", expiresInDays: 30 });
      expect(named.value).toMatchObject({
        ok: true,
        data: { name: "Rotation 2026", tenantUrl: tenant.tenantUrl },
      });
      const token = (named.value as { data: { token: string } }).data.token;
      const row = await tokenRow(app, tenant.tenantId, "Rotation 2026");
      const days = (toDate(row.expiresAt)!.getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29.9);
      expect(days).toBeLessThanOrEqual(30);

      expect((await testConnection(tenant.tenantUrl, token)).status).toBe(200);
      await expect
        .poll(async () => (await tokenRow(app, tenant.tenantId, "Rotation 2026")).lastUsedIp)
        .toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
      expect(toDate((await tokenRow(app, tenant.tenantId, "Rotation 2026")).lastUsedAt)).not.toBeNull();

      // Revoke the CLI's first token so a third fits (at most two are active), unnamed this time.
      await executeSql(
        app.database,
        `UPDATE "ProvisioningToken" SET "revokedAt" = ? WHERE "tenantId" = ? AND name <> ?`,
        [kind === "sqlite" ? sqliteTime(new Date()) : new Date(), tenant.tenantId, "Rotation 2026"],
      );
      const unnamed = await generate(app, cookie, tenant.idpId, {});
      expect(unnamed.value).toMatchObject({ ok: true, data: { name: "Contoso Entra ID token 3" } });
      const fresh = (unnamed.value as { data: { token: string } }).data.token;
      expect((await tokenRow(app, tenant.tenantId, "Contoso Entra ID token 3")).expiresAt).toBeNull();

      // Expired before its first use: refused, in SCIM's error format.
      const past = new Date(Date.now() - 1000);
      await executeSql(
        app.database,
        `UPDATE "ProvisioningToken" SET "expiresAt" = ? WHERE "tenantId" = ? AND name = ?`,
        [kind === "sqlite" ? sqliteTime(past) : past, tenant.tenantId, "Contoso Entra ID token 3"],
      );
      const refused = await testConnection(tenant.tenantUrl, fresh);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("content-type")).toBe("application/scim+json");
      expect(await refused.json()).toMatchObject({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "401",
      });
      // An expired token does not count as active: another one can be issued.
      const another = await generate(app, cookie, tenant.idpId, { name: "After expiry" });
      expect(another.value).toMatchObject({ ok: true });
    },
  );

  dbTest(
    "refuses an expiry out of range and another tenant's identity provider",
    async ({ app, tenant, other }) => {
      const cookie = await advancedAdmin(app, tenant);
      const zero = await generate(app, cookie, tenant.idpId, { name: "x", expiresInDays: 0 });
      expect(zero.value).toMatchObject({ ok: false, fieldErrors: { expiresInDays: "At least 1 day" } });
      const long = await generate(app, cookie, tenant.idpId, { name: "y".repeat(81) });
      expect(long.value).toMatchObject({ ok: false, fieldErrors: { name: "At most 80 characters" } });
      const foreign = await generate(app, cookie, other.idpId, { name: "theirs" });
      expect(foreign.value).toMatchObject({ ok: false, error: "Identity provider not found" });
      const theirs = await queryRows(app.database, `SELECT id FROM "ProvisioningToken" WHERE name = ?`, [
        "theirs",
      ]);
      expect(theirs).toHaveLength(0);
    },
  );

  dbTest(
    "keeps the self-test's last run for the Health tab and does not log its expected 404 as a failure",
    async ({ app, tenant }) => {
      const cookie = await advancedAdmin(app, tenant);
      const run = await callAction(app.url, "runSelfTestAction", [tenant.idpId], {
        cookie,
        page: `/identity-providers/${tenant.idpId}/health`,
      });
      const steps = (run.value as { ok: true; data: { steps: { ok: boolean; status: number }[] } }).data
        .steps;
      expect(steps.every((s) => s.ok)).toBe(true);
      expect(steps.some((s) => s.status === 404)).toBe(true);
      const [stored] = await queryRows<{ selfTestAt: unknown; selfTestSteps: string }>(
        app.database,
        `SELECT "selfTestAt", "selfTestSteps" FROM "IdentityProvider" WHERE "tenantId" = ? AND id = ?`,
        [tenant.tenantId, tenant.idpId],
      );
      expect(toDate(stored!.selfTestAt)).not.toBeNull();
      expect(JSON.parse(stored!.selfTestSteps)).toHaveLength(steps.length);
      const failures = await queryRows(
        app.database,
        `SELECT status FROM "ScimRequestLog" WHERE "tenantId" = ? AND "userAgent" = ? AND status >= 400`,
        [tenant.tenantId, "Rollcall self-test"],
      );
      expect(failures).toHaveLength(0);
      const page = await fetch(`${app.url}/identity-providers/${tenant.idpId}/health`, {
        headers: { Cookie: cookie },
      });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`All ${steps.length} steps passed`);
    },
  );
});

/**
 * Set-up links (decision 0018) on SQLite and PostgreSQL, over HTTP as browsers use them: created by
 * an admin, started by one browser (bound to its cookie), refused to any other, to a revoked or an
 * expired link, and never reaching another company; the token kept only as a hash; all audited.
 * The application makes, lists and revokes links through the API (problem details for what it
 * gets wrong), and a link it made works like an admin's.
 */
import { createHash } from "node:crypto";
import { expect } from "vitest";
import { sqliteTime } from "@/lib/db/sql";
import { setupLinkCreatedSchema, setupLinkListSchema } from "@/lib/api/setup-link-schemas";
import { callAction } from "../support/actions";
import { api, apiKey, conforms, expectProblem } from "../support/api";
import { credentialsSignIn, executeSql, queryRows, type App } from "../support/app";
import { dbTest, describeEachDatabase, type ProvisionedTenant } from "../support/fixtures";

async function adminCookie(app: App, tenant: ProvisionedTenant): Promise<string> {
  const signedIn = await credentialsSignIn(app, tenant.email, tenant.password);
  if (!("cookie" in signedIn)) throw new Error(`sign-in failed: ${signedIn.error}`);
  return signedIn.cookie;
}

async function createLink(app: App, cookie: string, label: string) {
  const reply = await callAction(app.url, "createSetupLinkAction", [{ label, validity: "24h" }], { cookie });
  const value = reply.value as { ok: true; data: { url: string } };
  expect(value).toMatchObject({ ok: true });
  const url = value.data.url;
  return { url, token: url.slice(url.lastIndexOf("/") + 1) };
}

/**
 * A set-up action as the browser holding `cookie` (none: a browser that never started the link),
 * posted to the page that uses it (an identity provider's actions: its page, named by the first
 * argument).
 */
function setup(app: App, token: string, name: string, args: unknown[], cookie?: string) {
  const onIdpPage = /Provisioning|Token|Metadata/.test(name);
  const page = onIdpPage ? `/setup/${token}/${String(args[0])}` : `/setup/${token}`;
  return callAction(app.url, name, [token, ...args], { cookie, page });
}

async function start(app: App, token: string): Promise<string> {
  const reply = await setup(app, token, "startSetupAction", []);
  expect(reply.value).toMatchObject({ ok: true });
  const cookie = reply.setCookies.find((c) => c.startsWith("rollcall-setup="));
  expect(cookie).toMatch(/HttpOnly/i);
  return cookie!.split(";")[0]!;
}

const at = (kind: string, date: Date) => (kind === "sqlite" ? sqliteTime(date) : date);

describeEachDatabase("set-up links on %s", { other: "Fabrikam" }, () => {
  dbTest(
    "a link started in one browser adds an identity provider and enables provisioning there, and only there",
    async ({ app, tenant, other }) => {
      const admin = await adminCookie(app, tenant);
      const { url, token } = await createLink(app, admin, "Contoso IT");
      expect(url).toBe(`${app.url}/setup/${token}`);
      const [row] = await queryRows<Record<string, unknown>>(
        app.database,
        `SELECT * FROM "SetupLink" WHERE "tenantId" = ?`,
        [tenant.tenantId],
      );
      expect(row!.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
      expect(JSON.stringify(row)).not.toContain(token);

      // Opening the link changes nothing (a link preview or a mail scanner may fetch it).
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Start the set-up in this browser");
      const browser = await start(app, token);

      const added = await setup(
        app,
        token,
        "setupAddIdpAction",
        [{ displayName: "Linked Entra", type: "wsfed" }],
        browser,
      );
      expect(added.value).toMatchObject({ ok: true });
      const idpId = (added.value as { data: string }).data;
      const enabled = await setup(
        app,
        token,
        "setupEnableProvisioningAction",
        [idpId, { name: "From the link" }],
        browser,
      );
      const issued = (enabled.value as { ok: true; data: { tenantUrl: string; token: string } }).data;
      const scim = await fetch(`${issued.tenantUrl}/Users`, {
        headers: { Authorization: `Bearer ${issued.token}` },
      });
      expect(scim.status).toBe(200);
      const idpPage = await fetch(`${url}/${idpId}`, { headers: { Cookie: browser } });
      expect(await idpPage.text()).toContain("From the link");

      // Another browser: neither starts the link again nor acts with it.
      const again = await setup(app, token, "startSetupAction", []);
      expect(again.value).toMatchObject({ ok: false, error: expect.stringContaining("another browser") });
      for (const cookie of [undefined, "rollcall-setup=forged"]) {
        const refused = await setup(
          app,
          token,
          "setupAddIdpAction",
          [{ displayName: "Nope", type: "saml" }],
          cookie,
        );
        expect(refused.value).toMatchObject({ ok: false, error: expect.stringContaining("another browser") });
      }
      expect(await (await fetch(url)).text()).toContain("already in use in another browser");

      // Another company's identity provider is out of reach.
      const foreign = await setup(app, token, "setupEnableProvisioningAction", [other.idpId, {}], browser);
      expect(foreign.value).toMatchObject({ ok: false, error: "Identity provider not found" });
      const foreignMeta = await setup(
        app,
        token,
        "setupMetadataAction",
        [other.idpId, "<x/>", false],
        browser,
      );
      expect(foreignMeta.value).toMatchObject({ ok: false, error: "Identity provider not found" });
      const theirs = await queryRows(
        app.database,
        `SELECT id FROM "ProvisioningToken" WHERE "tenantId" = ?`,
        [other.tenantId],
      );
      expect(theirs).toHaveLength(1);

      const audit = await queryRows<{ actor: string; action: string }>(
        app.database,
        `SELECT actor, action FROM "AuditEvent" WHERE "tenantId" = ? ORDER BY at, id`,
        [tenant.tenantId],
      );
      const byLink = audit.filter((a) => a.actor === "Set-up link “Contoso IT”").map((a) => a.action);
      expect(byLink).toEqual(
        expect.arrayContaining([
          "setup_link.started",
          "identity_provider.created",
          "provisioning.enabled",
          "provisioning.token_created",
        ]),
      );
      expect(audit.map((a) => a.action)).toContain("setup_link.created");
    },
  );

  dbTest(
    "a revoked or an expired link is refused, also in the browser that started it",
    async ({ app, kind, tenant }) => {
      const admin = await adminCookie(app, tenant);
      const revoked = await createLink(app, admin, "Revoked IT");
      const browser = await start(app, revoked.token);
      const [link] = await queryRows<{ id: string }>(
        app.database,
        `SELECT id FROM "SetupLink" WHERE label = ?`,
        ["Revoked IT"],
      );
      const revoke = await callAction(app.url, "revokeSetupLinkAction", [link!.id], { cookie: admin });
      expect(revoke.value).toMatchObject({ ok: true });
      const refused = await setup(
        app,
        revoked.token,
        "setupAddIdpAction",
        [{ displayName: "Late", type: "saml" }],
        browser,
      );
      expect(refused.value).toMatchObject({ ok: false, error: expect.stringContaining("revoked") });
      expect(await (await fetch(revoked.url, { headers: { Cookie: browser } })).text()).toContain(
        "was revoked",
      );

      const expired = await createLink(app, admin, "Expired IT");
      const second = await start(app, expired.token);
      await executeSql(app.database, `UPDATE "SetupLink" SET "expiresAt" = ? WHERE label = ?`, [
        at(kind, new Date(Date.now() - 1000)),
        "Expired IT",
      ]);
      const late = await setup(
        app,
        expired.token,
        "setupAddIdpAction",
        [{ displayName: "Late", type: "saml" }],
        second,
      );
      expect(late.value).toMatchObject({ ok: false, error: expect.stringContaining("expired") });
      const unknown = await setup(app, "A".repeat(43), "startSetupAction", []);
      expect(unknown.value).toMatchObject({ ok: false, error: expect.stringContaining("does not exist") });
      const names = await queryRows(
        app.database,
        `SELECT id FROM "IdentityProvider" WHERE "displayName" = ?`,
        ["Late"],
      );
      expect(names).toHaveLength(0);
      const audit = await queryRows<{ action: string }>(
        app.database,
        `SELECT action FROM "AuditEvent" WHERE "tenantId" = ? AND action = ?`,
        [tenant.tenantId, "setup_link.revoked"],
      );
      expect(audit).toHaveLength(1);
    },
  );

  dbTest(
    "the application makes, lists and revokes a tenant's set-up links through the API",
    async ({ app, tenant, other }) => {
      const { key } = await apiKey(app, "directory:read,tenants:write", "Onboarding");
      const { key: reader } = await apiKey(app, "directory:read", "Reader");
      const path = `/tenants/${tenant.tenantId}/setup-links`;

      const created = await api(app, key, "POST", path, { label: "Contoso IT via app", validity: "7d" });
      expect(created.status, created.text).toBe(201);
      const link = conforms(setupLinkCreatedSchema, created.body);
      const token = link.url.slice(link.url.lastIndexOf("/") + 1);
      expect(link.url).toBe(`${app.url}/setup/${token}`);
      const days = (Date.parse(link.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThanOrEqual(7);
      // It works like an admin's: a browser starts it and sees this tenant only.
      const browser = await start(app, token);
      const page = await (await fetch(link.url, { headers: { Cookie: browser } })).text();
      expect(page).toContain("Set up sign-in for Contoso");
      expect(page).not.toContain("Fabrikam");

      const listed = await api(app, reader, "GET", path);
      expect(listed.status).toBe(200);
      const { data } = conforms(setupLinkListSchema, listed.body);
      const row = data.find((l) => l.id === link.id);
      expect(row).toMatchObject({
        label: "Contoso IT via app",
        state: "in-use",
        createdBy: "API key Onboarding",
      });
      expect(listed.text).not.toContain(token);

      // Bad input and a key without the scope: problem details, nothing made.
      expectProblem(await api(app, key, "POST", path, { label: "", validity: "24h" }), 422);
      expectProblem(await api(app, key, "POST", path, { label: "x", validity: "30d" }), 422, "validation");
      expectProblem(await api(app, reader, "POST", path, { label: "x", validity: "24h" }), 403);
      expectProblem(
        await api(app, key, "POST", `/tenants/nope/setup-links`, { label: "x", validity: "24h" }),
        404,
        "not-found",
      );
      // Another tenant's link is not found under this one.
      const others = await api(app, key, "POST", `/tenants/${other.tenantId}/setup-links`, {
        label: "Fabrikam IT",
        validity: "24h",
      });
      const otherId = String((others.body as { id: string }).id);
      expectProblem(await api(app, key, "DELETE", `${path}/${otherId}`), 404, "not-found");

      expect((await api(app, key, "DELETE", `${path}/${link.id}`)).status).toBe(204);
      expectProblem(await api(app, key, "DELETE", `${path}/${link.id}`), 404, "not-found");
      const refused = await setup(
        app,
        token,
        "setupAddIdpAction",
        [{ displayName: "Late", type: "saml" }],
        browser,
      );
      expect(refused.value).toMatchObject({ ok: false, error: expect.stringContaining("revoked") });
      const audit = await queryRows<{ actor: string; action: string }>(
        app.database,
        `SELECT actor, action FROM "AuditEvent" WHERE "tenantId" = ? AND target = ? ORDER BY at`,
        [tenant.tenantId, "Contoso IT via app"],
      );
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining(["setup_link.created", "setup_link.revoked"]),
      );
      expect(audit.find((a) => a.action === "setup_link.created")?.actor).toBe("API key Onboarding");
    },
  );
});

/**
 * Secrets never land in clear in the database or the server's log: what SCIM clients send (uniFLOW
 * PIN, a password), SCIM tokens, admin passwords, session tokens (admin and SSO user) and the
 * session-signing secret.
 */
import { credentialsSignIn, queryRows, type App } from "../support/app";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import { patchOp, replaceOp } from "../support/scim-requests";
import { addSsoIdp, postSamlResponse } from "../support/sso";
import { TestIdp } from "../support/test-idp";
import { expect } from "vitest";

const UNIFLOW = "urn:ietf:params:scim:schemas:extension:uniFLOWOnline:2.0:User";

/** Every row of every table, as text. */
async function dump(app: App): Promise<string> {
  const tables =
    app.database.kind === "sqlite"
      ? await queryRows<{ name: string }>(app.database, `SELECT name FROM sqlite_master WHERE type = 'table'`)
      : await queryRows<{ name: string }>(
          app.database,
          `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`,
        );
  expect(tables.length).toBeGreaterThan(15);
  const out: unknown[] = [];
  for (const { name } of tables) out.push(await queryRows(app.database, `SELECT * FROM "${name}"`));
  return JSON.stringify(out);
}

describeEachDatabase("SCIM secrets on %s", () => {
  dbTest(
    "keeps only an argon2id hash of the PIN, and neither PIN nor password nor token anywhere else",
    async ({ app, tenant, scim }) => {
      // No `schemas`: what a careless client sends, secrets and all.
      const created = await scim("POST", "/Users", {
        userName: "pin.user@contoso.com",
        password: "Client-Sent-Password-77",
        [UNIFLOW]: { cardNumber: "0042", pin: "PIN-739104" },
      });
      expect(created.status).toBe(201);
      const id = String(created.body.id);
      const patched = await scim("PATCH", `/Users/${id}`, patchOp(replaceOp(`${UNIFLOW}:pin`, "PIN-582046")));
      expect(patched.status).toBe(200);
      expect(JSON.stringify(patched.body)).not.toContain("PIN-");
      await new Promise((r) => setTimeout(r, 600)); // the provisioning log is written in batches

      const everything = await dump(app);
      for (const secret of [
        "PIN-739104",
        "PIN-582046",
        "Client-Sent-Password-77",
        tenant.token,
        tenant.password,
      ]) {
        expect(everything).not.toContain(secret);
      }
      expect(everything).toMatch(/\$argon2id\$/);
      expect(everything).toContain("[redacted]");
      expect(app.logs()).not.toContain("PIN-");
    },
  );

  dbTest(
    "keeps no token, password or session secret in any table or the server log after sign-ins",
    async ({ app, tenant, scim }) => {
      const idp = await TestIdp.create();
      const sp = await addSsoIdp(app, tenant.tenantId, {
        name: "Secrets SAML",
        metadata: idp.metadataXml("https://idp.test.example"),
      });
      await scim("POST", "/Users", { userName: "sso.user@contoso.com", active: true });
      const acs = await postSamlResponse(
        sp.acsUrl,
        idp.samlResponse({ audience: sp.entityId, acsUrl: sp.acsUrl, nameId: "sso.user@contoso.com" }),
      );
      const userSession = decodeURIComponent(acs.headers.get("set-cookie")!.split(";")[0]!.split("=")[1]!);
      expect(userSession).toMatch(/^rcu_/);
      const admin = await credentialsSignIn(app, tenant.email, tenant.password);
      if (!("cookie" in admin)) throw new Error("admin sign-in failed");
      const adminSession = admin.cookie.split("=")[1]!;
      const second = await app.cli("provisioning", "enable", "--idp", sp.idpId);
      await new Promise((r) => setTimeout(r, 600));
      const everything = await dump(app);
      const logs = app.logs();
      const secrets = [
        tenant.token,
        second.token!,
        tenant.password,
        userSession,
        adminSession,
        app.env.NEXTAUTH_SECRET!,
      ];
      for (const secret of secrets) {
        expect(everything).not.toContain(secret);
        expect(logs).not.toContain(secret);
      }
      console.log(
        `secrets at rest: ${secrets.length} secrets checked against every table and the server log`,
      );
    },
  );
});

/**
 * Secrets never land in clear in the database or the server's log: what SCIM clients send (uniFLOW
 * PIN, a password), SCIM tokens, admin passwords, session tokens (admin and SSO user) and the
 * session-signing secret.
 */
import {
  credentialsSignIn,
  provisionedTenant,
  queryRows,
  startApp,
  testDatabases,
  type App,
} from "../support/app";
import { addSsoIdp, postSamlResponse } from "../support/sso";
import { TestIdp } from "../support/test-idp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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

describe.each(testDatabases())("SCIM secrets on %s", (kind) => {
  let app: App;
  let t: Awaited<ReturnType<typeof provisionedTenant>>;
  beforeAll(async () => {
    app = await startApp(kind);
    t = await provisionedTenant(app);
  });
  afterAll(() => app?.stop());

  const send = (method: string, path: string, body: unknown) =>
    fetch(`${t.tenantUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${t.token}`, "Content-Type": "application/scim+json" },
      body: JSON.stringify(body),
    });

  it("keeps only an argon2id hash of the PIN, and neither PIN nor password nor token anywhere else", async () => {
    const created = await send("POST", "/Users", {
      userName: "pin.user@contoso.com",
      password: "Client-Sent-Password-77",
      [UNIFLOW]: { cardNumber: "0042", pin: "PIN-739104" },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const patched = await send("PATCH", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: `${UNIFLOW}:pin`, value: "PIN-582046" }],
    });
    expect(patched.status).toBe(200);
    expect(JSON.stringify(await patched.json())).not.toContain("PIN-");
    await new Promise((r) => setTimeout(r, 600)); // the provisioning log is written in batches

    const everything = await dump(app);
    for (const secret of ["PIN-739104", "PIN-582046", "Client-Sent-Password-77", t.token, t.password]) {
      expect(everything).not.toContain(secret);
    }
    expect(everything).toMatch(/\$argon2id\$/);
    expect(everything).toContain("[redacted]");
    expect(app.logs()).not.toContain("PIN-");
  });

  it("keeps no token, password or session secret in any table or the server log after sign-ins", async () => {
    const idp = await TestIdp.create();
    const sp = await addSsoIdp(app, t.tenantId, {
      name: "Secrets SAML",
      metadata: idp.metadataXml("https://idp.test.example"),
    });
    await send("POST", "/Users", { userName: "sso.user@contoso.com", active: true });
    const acs = await postSamlResponse(
      sp.acsUrl,
      idp.samlResponse({ audience: sp.entityId, acsUrl: sp.acsUrl, nameId: "sso.user@contoso.com" }),
    );
    const userSession = decodeURIComponent(acs.headers.get("set-cookie")!.split(";")[0]!.split("=")[1]!);
    expect(userSession).toMatch(/^rcu_/);
    const admin = await credentialsSignIn(app, t.email, t.password);
    if (!("cookie" in admin)) throw new Error("admin sign-in failed");
    const adminSession = admin.cookie.split("=")[1]!;
    const second = await app.cli("provisioning", "enable", "--idp", sp.idpId);
    await new Promise((r) => setTimeout(r, 600));
    const everything = await dump(app);
    const logs = app.logs();
    const secrets = [t.token, second.token!, t.password, userSession, adminSession, app.env.NEXTAUTH_SECRET!];
    for (const secret of secrets) {
      expect(everything).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    console.log(`secrets at rest: ${secrets.length} secrets checked against every table and the server log`);
  });
});

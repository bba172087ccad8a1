/** Secrets sent over SCIM (uniFLOW PIN, a client's password) never land in the database in clear. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provisionedTenant, queryRows, startApp, testDatabases, type App } from "../support/app";

const UNIFLOW = "urn:ietf:params:scim:schemas:extension:uniFLOWOnline:2.0:User";

async function dump(app: App): Promise<string> {
  const tables = [
    "ScimUser",
    "ScimUserEmail",
    "ScimRequestLog",
    "ProvisioningToken",
    "IdentityProvider",
    "Admin",
  ];
  const out: unknown[] = [];
  for (const t of tables) out.push(await queryRows(app.database, `SELECT * FROM "${t}"`));
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
});

/**
 * The audit log as an auditor reads it, on SQLite and PostgreSQL: sign-ins (and failed ones, with
 * the client's address) and sign-ups are recorded; entries read as sentences; the page filters by
 * person, kind and days and pages; the exports (CSV with the formula guard, JSON lines) stream the
 * filtered entries; retention deletes what is older than AUDIT_RETENTION_DAYS; and each admin sees
 * their sessions (device, address) and can end the others.
 */
import { randomBytes } from "node:crypto";
import { beforeAll, expect } from "vitest";
import { callAction } from "../support/actions";
import { credentialsSignIn, executeSql, queryRows, type App } from "../support/app";
import { dbTest, describeEachDatabase } from "../support/fixtures";

const ENV = { TRUST_PROXY: "1", AUDIT_RETENTION_DAYS: "30" };
const CHROME =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
/** A time as the test database takes it (ISO text on SQLite, as the app stores it). */
const at = (app: App, date: Date) =>
  app.database.kind === "sqlite" ? date.toISOString().replace("Z", "+00:00") : date;

const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

describeEachDatabase("the audit log on %s", { env: ENV, tenant: false }, (suite) => {
  const email = `auditor-${randomBytes(4).toString("hex")}@audit.example`;
  const password = "correct horse battery staple";
  let tenantId = "";
  let cookie = "";

  async function signIn(app: App, address: string, userAgent: string, secret = password) {
    return credentialsSignIn(app, email, secret, {
      headers: { "X-Forwarded-For": address, "User-Agent": userAgent },
    });
  }
  const get = (path: string, c = cookie) => fetch(`${suite.app.url}${path}`, { headers: { Cookie: c } });

  beforeAll(async () => {
    const { app } = suite;
    ({ tenantId } = (await app.cli(
      "tenant",
      "create",
      "--name",
      "Audit Co",
      "--admin-email",
      email,
      "--admin-password",
      password,
    )) as { tenantId: string });
    const failed = await signIn(app, "198.51.100.7", FIREFOX, "wrong password");
    expect("cookie" in failed).toBe(false);
    const signed = await signIn(app, "198.51.100.8", CHROME);
    if (!("cookie" in signed)) throw new Error("sign-in failed");
    cookie = signed.cookie;
  });

  dbTest("records the sign-up, sign-ins and failed sign-ins with their addresses", async ({ app }) => {
    const rows = await queryRows<{ action: string; address: string | null; detail: string | null }>(
      app.database,
      `SELECT action, address, detail FROM "AuditEvent" WHERE "tenantId" = ? ORDER BY at, id`,
      [tenantId],
    );
    expect(rows).toEqual([
      { action: "tenant.created", address: null, detail: "created by the operator CLI" },
      { action: "admin.sign_in_failed", address: "198.51.100.7", detail: "wrong password" },
      { action: "admin.signed_in", address: "198.51.100.8", detail: "with a password" },
    ]);
    const html = await (await get("/audit")).text();
    expect(html).toContain(`Someone failed to sign in as ${email} (wrong password)`);
    expect(html).toContain(`${email} signed in with a password`);
    expect(html).toContain("198.51.100.8");
  });

  dbTest("filters by person, kind and days, and pages", async ({ app }) => {
    // 60 sign-ins of another kind, so the log has more than a page.
    const values = Array.from({ length: 60 }, (_, i) => i);
    for (const i of values) {
      await executeSql(
        app.database,
        `INSERT INTO "AuditEvent" ("tenantId", id, at, "actorId", actor, action, target, detail) VALUES (?, ?, ?, NULL, ?, ?, ?, NULL)`,
        [
          tenantId,
          `bulk-${String(i).padStart(3, "0")}`,
          at(app, new Date(Date.UTC(2026, 0, 1, 0, i))),
          "operator CLI",
          "admin.invited",
          `person-${i}@audit.example`,
        ],
      );
    }
    const rowsOf = (html: string) => html.match(/<tr data-action="[^"]+"/g)?.length ?? 0;
    expect(rowsOf(await (await get("/audit")).text())).toBe(50);
    expect(rowsOf(await (await get("/audit?page=2")).text())).toBe(13);
    const invites = await (await get("/audit?action=admin.invited&actor=OPERATOR")).text();
    expect(rowsOf(invites)).toBe(50);
    expect(invites).toContain("operator CLI invited person-59@audit.example");
    const mine = await (await get(`/audit?actor=${encodeURIComponent(email)}`)).text();
    expect(rowsOf(mine)).toBe(3);
    const day = await (await get("/audit?from=2026-01-01&to=2026-01-01")).text();
    expect(rowsOf(day)).toBe(50);
    expect(rowsOf(await (await get("/audit?from=2026-01-02&to=2026-01-31")).text())).toBe(0);
    // What LIKE would read as wildcards matches itself.
    expect(rowsOf(await (await get("/audit?actor=%25")).text())).toBe(0);
  });

  dbTest("exports the filtered log as CSV (formula-guarded) and JSON lines, streamed", async ({ app }) => {
    await executeSql(
      app.database,
      `INSERT INTO "AuditEvent" ("tenantId", id, at, "actorId", actor, action, target, detail) VALUES (?, ?, ?, NULL, ?, ?, ?, NULL)`,
      [tenantId, "formula", at(app, new Date()), "=HYPERLINK(1)", "admin.invited", "x@audit.example"],
    );
    const csv = await get("/api/export/audit?format=csv&actor=%3DHYPER");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("at,actor,actorId,action,target,detail,address,description");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",'=HYPERLINK(1),");
    const jsonl = await get("/api/export/audit?format=jsonl&action=admin.invited");
    expect(jsonl.headers.get("content-type")).toContain("application/jsonl");
    const records = (await jsonl.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { action: string; description: string; at: string });
    expect(records).toHaveLength(61);
    expect(records.every((r) => r.action === "admin.invited")).toBe(true);
    expect(records[0]!.description).toBe("=HYPERLINK(1) invited x@audit.example");
    // Newest first.
    expect(records.map((r) => r.at)).toEqual([...records.map((r) => r.at)].sort().reverse());
    expect((await fetch(`${app.url}/api/export/audit?format=csv`)).status).toBe(401);
  });

  dbTest("deletes entries older than the retention period, and nothing else", async ({ app }) => {
    const old = new Date(Date.now() - 31 * 86_400_000);
    await executeSql(
      app.database,
      `INSERT INTO "AuditEvent" ("tenantId", id, at, "actorId", actor, action) VALUES (?, ?, ?, NULL, ?, ?)`,
      [tenantId, "too-old", at(app, old), "operator CLI", "admin.invited"],
    );
    const count = async () =>
      Number(
        (
          await queryRows<{ n: number }>(
            app.database,
            `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE "tenantId" = ?`,
            [tenantId],
          )
        )[0]!.n,
      );
    const before = await count();
    // The 60 entries of 2026-01-01 are older than 30 days too, when this runs after February 2026.
    const result = await app.cli<{ audit: number }>("events", "prune");
    const gone = await queryRows(app.database, `SELECT id FROM "AuditEvent" WHERE id = 'too-old'`);
    expect(gone).toHaveLength(0);
    expect(await count()).toBe(before - result.audit);
    expect(result.audit).toBeGreaterThanOrEqual(1);
  });

  dbTest("shows an admin their sessions and lets them end the others", async ({ app }) => {
    const second = await signIn(app, "198.51.100.9", FIREFOX);
    if (!("cookie" in second)) throw new Error("second sign-in failed");
    const html = await (await get("/settings/profile")).text();
    expect(html).toContain("Chrome 131 on macOS");
    expect(html).toContain("Firefox 133 on Linux");
    expect(html).toContain("198.51.100.9");
    const sessions = await queryRows<{ id: string; address: string }>(
      app.database,
      `SELECT s.id, s.address FROM "AdminSession" s JOIN "Admin" a ON a.id = s."adminId" WHERE a."emailLower" = ?`,
      [email],
    );
    const other = sessions.find((s) => s.address === "198.51.100.9")!;
    const ended = await callAction(app.url, "endSessionAction", [other.id], { cookie });
    expect(ended.value).toMatchObject({ ok: true });
    expect((await get("/settings/profile", second.cookie)).url).toContain("/signin");
    const mine = sessions.find((s) => s.address === "198.51.100.8")!;
    const self = await callAction(app.url, "endSessionAction", [mine.id], { cookie });
    expect(self.value).toMatchObject({ ok: false });
    const third = await signIn(app, "198.51.100.10", FIREFOX);
    if (!("cookie" in third)) throw new Error("third sign-in failed");
    const others = await callAction(app.url, "endOtherSessionsAction", [], { cookie });
    expect(others.value).toMatchObject({ ok: true, data: { ended: 1 } });
    expect((await get("/settings/profile", third.cookie)).url).toContain("/signin");
    expect((await get("/settings/profile")).url).toContain("/settings/profile");
  });
});

/**
 * Directory events, written in the transaction of each change (the outbox), on every database:
 * Entra's whole cycle produces exactly the expected events, in commit order; a change that fails
 * leaves none; secrets never appear; every committed change keeps its event across a SIGKILL.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import {
  createDatabase,
  provisionedTenant,
  queryRows,
  startApp,
  testDatabases,
  type App,
} from "../support/app";
import { testCertificate } from "../support/certificates";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import { UNIFLOW, call, hex } from "../support/scim-client";
import {
  addOp,
  groupBody,
  patchOp,
  removeMember,
  replaceActive,
  replaceOp,
  userBody,
} from "../support/scim-requests";

type EventRow = { seq: number; type: string; data: string; idpId: string | null };

/** The tenant's events in order, once every one of them is numbered (PostgreSQL numbers after commit). */
async function eventsOf(
  app: App,
  tenantId: string,
  atLeast = 0,
): Promise<(EventRow & { body: Record<string, unknown> })[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const rows = await queryRows<Omit<EventRow, "seq"> & { seq: number | null }>(
      app.database,
      `SELECT seq, type, data, "idpId" FROM "Event" WHERE "tenantId" = ? ORDER BY seq`,
      [tenantId],
    );
    // Unnumbered ones are among the rows read (one read: a second query could find them numbered).
    const pending = rows.filter((r) => r.seq === null);
    if ((pending.length === 0 && rows.length >= atLeast) || Date.now() > deadline) {
      return rows.map((r) => ({
        ...r,
        seq: Number(r.seq),
        body: JSON.parse(r.data) as Record<string, unknown>,
      }));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeEachDatabase(
  "directory events on %s",
  // Signing certificates checked every 0.6 s instead of hourly.
  { tenant: "Evented", env: { CERTIFICATE_CHECK_MINUTES: "0.01" } },
  (suite) => {
    const patch = (path: string, ops: unknown[]) => suite.scim("PATCH", path, patchOp(...ops));

    dbTest(
      "records Entra's cycle as exactly the expected events, in order",
      async ({ app, tenant, scim }) => {
        const before = (await eventsOf(app, tenant.tenantId)).length;
        const pin = `pin-${hex()}`;
        const alex = await scim(
          "POST",
          "/Users",
          userBody(
            {
              userName: `alex.${hex()}@contoso.com`,
              active: true,
              emails: [{ value: "alex@contoso.com", type: "work", primary: true }],
              [UNIFLOW]: { pin, cardNumber: "1234567890" },
            },
            UNIFLOW,
          ),
        );
        const ben = await scim(
          "POST",
          "/Users",
          userBody({ userName: `ben.${hex()}@contoso.com`, active: true }),
        );
        const a = String(alex.body.id);
        const b = String(ben.body.id);
        const group = await scim("POST", "/Groups", groupBody(`Sales ${hex()}`, [a]));
        const g = String(group.body.id);
        await patch(`/Groups/${g}`, [{ op: "Add", path: "members", value: [{ value: a }, { value: b }] }]); // a already in
        await patch(`/Users/${a}`, [{ op: "Replace", path: "title", value: "Engineer" }]);
        await patch(`/Users/${a}`, [{ op: "Replace", path: "title", value: "Engineer" }]); // no change: no event
        await patch(`/Groups/${g}`, [removeMember(b)]);
        await patch(`/Groups/${g}`, [{ op: "Replace", path: "displayName", value: "Sales EMEA" }]);
        await patch(`/Users/${a}`, [{ op: "Replace", path: "active", value: "False" }]);
        await patch(`/Users/${a}`, [{ op: "Replace", path: "active", value: "True" }]);
        await patch(`/Users/${a}`, [addOp(`${UNIFLOW}:pin`, `${pin}-2`)]);
        expect(
          (await scim("POST", "/Users", userBody({ userName: String(alex.body.userName) }))).status,
        ).toBe(409);
        await scim("DELETE", `/Groups/${g}`);
        await scim("DELETE", `/Users/${b}`);

        const events = (await eventsOf(app, tenant.tenantId, before + 13)).slice(before);
        expect(events.map((e) => e.type)).toEqual([
          "user.created",
          "user.created",
          "group.created",
          "group.member_added",
          "group.member_added",
          "user.updated",
          "group.member_removed",
          "group.updated",
          "user.deactivated",
          "user.reactivated",
          "user.updated",
          "group.deleted",
          "user.deleted",
        ]);
        const seqs = events.map((e) => e.seq);
        expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
        expect(new Set(seqs).size).toBe(seqs.length);
        for (const e of events) expect(e.idpId).toBe(tenant.idpId);

        const created = events[0]!.body.user as Record<string, unknown>;
        expect(created).toMatchObject({ id: a, email: "alex@contoso.com", active: true, groups: [] });
        expect((created.scim as Record<string, unknown>).id).toBe(a);
        expect(events[3]!.body).toMatchObject({ group: { id: g }, userId: a });
        expect(events[4]!.body).toMatchObject({ group: { id: g }, userId: b });
        const updated = events[5]!.body as {
          user: { groups: string[] };
          changes: { path: string; after?: unknown }[];
        };
        expect(updated.user.groups).toEqual([g]);
        expect(updated.changes).toEqual([{ path: "title", after: "Engineer" }]);
        expect((events[8]!.body.user as { active: boolean }).active).toBe(false);
        expect(events[10]!.body.changes).toEqual([{ path: `${UNIFLOW}:pin`, after: "[redacted]" }]);
        // No secret in any event. The card number is the application's data (in the user's document),
        // but the list of changes shows it masked, as the provisioning log does.
        expect(JSON.stringify(events)).not.toContain(pin);
        await patch(`/Users/${a}`, [replaceOp(`${UNIFLOW}:cardNumber`, "5555666677")]);
        const [card] = (await eventsOf(app, tenant.tenantId, before + 14)).slice(before + 13);
        expect(card!.body.changes).toEqual([
          { path: `${UNIFLOW}.cardNumber`, before: "••••7890", after: "••••6677" },
        ]);
      },
    );

    dbTest(
      "records the guard tripping, and nothing for the changes it holds until they are applied",
      async ({ app }) => {
        const g = await provisionedTenant(app, `Guarded${hex()}`, { guard: true });
        await app.cli("tenant", "guard", "--tenant", g.tenantId, "--min-users", "1", "--percent", "1");
        const ids: string[] = [];
        for (let i = 0; i < 3; i++) {
          const r = await call(
            g,
            "POST",
            "/Users",
            userBody({ userName: `g${i}.${hex()}@contoso.com`, active: true }),
          );
          ids.push(String(r.body.id));
        }
        const off = (id: string) => call(g, "PATCH", `/Users/${id}`, patchOp(replaceActive(false)));
        expect((await off(ids[0]!)).status).toBe(200);
        expect((await off(ids[1]!)).status).toBe(204);
        // After the set-up's own events (identity provider, provisioning, token).
        const directory = async (atLeast: number) =>
          (await eventsOf(app, g.tenantId, atLeast))
            .map((e) => e.type)
            .filter((type) => !/^(identity_provider|provisioning)\./.test(type));
        expect(await directory(9)).toEqual([
          "tenant.created",
          "user.created",
          "user.created",
          "user.created",
          "user.deactivated",
          "deprovisioning_guard.tripped",
        ]);
        await app.cli("tenant", "guard", "--tenant", g.tenantId, "--decide", "approve");
        expect((await directory(11)).slice(6)).toEqual(["user.deactivated", "deprovisioning_guard.approved"]);
      },
    );
    dbTest(
      "announces a signing certificate 30, 7 and 1 days before it expires, once per stage",
      async ({ app }) => {
        const { tenantId } = await provisionedTenant(app, `Expiring${hex()}`);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-cert-"));
        const add = async (name: string, days: number) => {
          const file = path.join(dir, `${name}.pem`);
          fs.writeFileSync(file, (await testCertificate(name, { days })).cert);
          const { idpId } = await app.cli(
            "idp",
            "add",
            "--tenant",
            tenantId,
            "--type",
            "saml",
            "--name",
            name,
            "--certificate-file",
            file,
          );
          return idpId!;
        };
        const soon = await add("Expires in four days", 5); // issued yesterday, so 4 days left
        await add("Good for a year", 366);
        const expiring = async () =>
          (await eventsOf(app, tenantId)).filter((e) => e.type === "identity_provider.certificate_expiring");
        const deadline = Date.now() + 15_000;
        while ((await expiring()).length === 0 && Date.now() < deadline) await sleep(300);
        await sleep(2000); // several more checks, on this instance: still one announcement
        const events = await expiring();
        expect(events).toHaveLength(1);
        expect(events[0]!.idpId).toBe(soon);
        expect(events[0]!.body).toMatchObject({
          identityProvider: { id: soon, displayName: "Expires in four days", type: "saml" },
          daysLeft: 3,
          certificateSha256: expect.stringMatching(/^[0-9A-F:]+$|^[0-9a-f]+$/),
          notAfter: expect.any(String),
        });
      },
      180_000, // several CLI runs, each a process start
    );
  },
);

describe.each(testDatabases())("events across a crash on %s", (kind) => {
  it("keeps the event of every change that was acknowledged before a SIGKILL", async () => {
    const database = await createDatabase(kind);
    try {
      let app = await startApp(kind, { database });
      const t = await provisionedTenant(app, "Crashy");
      const acknowledged: string[] = [];
      const load = (async () => {
        for (let i = 0; i < 400; i++) {
          const r = await call(
            t,
            "POST",
            "/Users",
            userBody({ userName: `c${i}.${hex()}@contoso.com` }),
          ).catch(() => null);
          if (r?.status === 201) acknowledged.push(String(r.body.id));
          if (!r) break;
        }
      })();
      await new Promise((r) => setTimeout(r, 1500));
      await app.kill();
      await load;
      app = await startApp(kind, { database });
      const events = await eventsOf(app, t.tenantId, acknowledged.length);
      const createdIds = new Set(
        events.filter((e) => e.type === "user.created").map((e) => (e.body.user as { id: string }).id),
      );
      const users = await queryRows<{ id: string }>(
        database,
        `SELECT id FROM "ScimUser" WHERE "tenantId" = ?`,
        [t.tenantId],
      );
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const id of acknowledged) expect(createdIds.has(id), id).toBe(true);
      // And no event for a change that did not commit.
      expect(createdIds.size).toBe(users.length);
      await app.stop();
    } finally {
      await database.drop();
    }
  }, 120_000);
});

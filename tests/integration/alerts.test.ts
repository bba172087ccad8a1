/**
 * Alerts by email, on SQLite and PostgreSQL, with a real local SMTP server: the deprovisioning
 * guard trips and the company's administrators get a mail with the counts and a link to the review
 * — once: a second trip within the hour sends nothing more.
 */
import { afterAll, beforeAll, expect } from "vitest";
import { callAction } from "../support/actions";
import { credentialsSignIn } from "../support/app";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import { startMailbox, type Mailbox } from "../support/mailbox";
import { patchOp, userBody } from "../support/scim-requests";

let mailbox: Mailbox;

describeEachDatabase(
  "alerts on %s",
  {
    env: async () => {
      mailbox = await startMailbox();
      return { ...mailbox.env, ALERT_CHECK_SECONDS: "1" };
    },
    tenant: { name: "Alerted", guard: true },
  },
  (suite) => {
    const ids: string[] = [];
    afterAll(() => mailbox.stop());

    const disable = (id: string) =>
      suite.scim("PATCH", `/Users/${id}`, patchOp({ op: "replace", path: "active", value: false }));

    beforeAll(async () => {
      const { app, tenant, scim } = suite;
      await app.cli("tenant", "guard", "--tenant", tenant.tenantId, "--min-users", "3", "--percent", "10");
      for (let i = 0; i < 20; i++) {
        const res = await scim(
          "POST",
          "/Users",
          userBody({ userName: `user${i}@alerted.example`, active: true }),
        );
        ids.push(String(res.body.id));
      }
    }, 120_000);

    dbTest(
      "mails the administrators when the guard trips, with the counts and the review link",
      async ({ app, tenant }) => {
        const since = Date.now();
        for (const id of ids.slice(0, 3)) expect((await disable(id)).status).toBe(200);
        for (const id of ids.slice(3, 5)) expect((await disable(id)).status).toBe(204);
        const mail = await mailbox.waitFor(tenant.email, { since, timeoutMs: 15_000 });
        expect(mail.subject).toMatch(/^Alerted: \d+ disables or deletes held for your review$/);
        expect(mail.text).toContain("The deprovisioning guard tripped");
        expect(mail.text).toMatch(/\d+ changes are held/);
        expect(mail.text).toContain(`${app.url}/settings/guard`);
        expect(mail.text).toContain("To stop alerts of this kind");
      },
    );

    dbTest("sends no second guard alert within the hour", async ({ app, tenant }) => {
      const signed = await credentialsSignIn(app, tenant.email, tenant.password);
      if (!("cookie" in signed)) throw new Error("sign-in failed");
      const rejected = await callAction(app.url, "rejectHeldAction", [], { cookie: signed.cookie });
      expect(rejected.value).toMatchObject({ ok: true });
      const since = Date.now();
      for (const id of ids.slice(5, 12)) await disable(id);
      await new Promise((resolve) => setTimeout(resolve, 4000));
      expect(mailbox.to(tenant.email).filter((m) => m.at >= since)).toHaveLength(0);
    });
  },
);

/**
 * Alerts by email, on SQLite and PostgreSQL, with a real local SMTP server: the deprovisioning
 * guard trips and the company's administrators get a mail with the counts and a link to the review
 * — once: a second trip within the hour sends nothing more. Then, for a company watched with a
 * 3-second idle threshold: provisioning gone quiet (once per silence), failing provisioning
 * requests, and refused sign-ins, each with its counts and its link.
 */
import { afterAll, beforeAll, expect } from "vitest";
import { callAction } from "../support/actions";
import { credentialsSignIn } from "../support/app";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import { startMailbox, type Mailbox } from "../support/mailbox";
import { patchOp, userBody } from "../support/scim-requests";
import { addSsoIdp, postSamlResponse } from "../support/sso";
import { TestIdp } from "../support/test-idp";

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

let watchedMailbox: Mailbox;

describeEachDatabase(
  "provisioning and sign-in alerts on %s",
  {
    env: async () => {
      watchedMailbox = await startMailbox();
      return { ...watchedMailbox.env, ALERT_CHECK_SECONDS: "1", PROVISIONING_IDLE_MINUTES: "0.05" };
    },
    tenant: "Watched",
  },
  (suite) => {
    let idp: TestIdp;
    let otherIdp: TestIdp;
    beforeAll(async () => {
      [idp, otherIdp] = await Promise.all([TestIdp.create(), TestIdp.create("Attacker signing")]);
      await idp.start();
    });
    afterAll(async () => {
      await idp?.stop();
      await watchedMailbox.stop();
    });
    const mails = (subject: RegExp) =>
      watchedMailbox.to(suite.tenant.email).filter((m) => subject.test(m.subject));

    dbTest(
      "mails when an identity provider with provisioning on has not called for two cycles, once per silence",
      async ({ app, tenant }) => {
        const subject = /^Watched: Watched Entra ID has not called Rollcall for over 1 minute$/;
        const mail = await watchedMailbox.waitFor(tenant.email, {
          match: (m) => subject.test(m.subject),
          timeoutMs: 20_000,
        });
        expect(mail.text).toContain("Provisioning has gone quiet");
        expect(mail.text).toMatch(/Watched Entra ID: no call since its newest token was created, \d{4}-/);
        expect(mail.text).toContain(`${app.url}/identity-providers/${tenant.idpId}/provisioning`);
        await new Promise((resolve) => setTimeout(resolve, 4000));
        expect(mails(subject)).toHaveLength(1);
      },
    );

    dbTest(
      "mails when more than 10% of an hour's provisioning requests fail, with the most frequent failure",
      async ({ app, tenant, scim }) => {
        const since = Date.now();
        for (let i = 0; i < 12; i++) {
          expect(
            (await scim("GET", `/Users/00000000-0000-4000-8000-${String(i).padStart(12, "0")}`)).status,
          ).toBe(404);
        }
        const mail = await watchedMailbox.waitFor(tenant.email, {
          since,
          match: (m) => m.subject.includes("provisioning requests failed"),
          timeoutMs: 15_000,
        });
        expect(mail.subject).toBe("Watched: 100% of provisioning requests failed in the last hour");
        // The check runs every second: it may read the hour after the 10th failure or a later one.
        expect(mail.text).toMatch(
          /In the last hour (1[0-2]) of \1 provisioning requests to Rollcall failed \(100%\)\./,
        );
        expect(mail.text).toMatch(/Most often \((1[0-2]) times\): 404/);
        expect(mail.text).toContain(`${app.url}/logs?outcome=error&range=1h`);
      },
    );

    dbTest(
      "mails when sign-ins are refused more often than they succeed, naming the identity provider and the reason",
      async ({ app, tenant }) => {
        const sp = await addSsoIdp(app, tenant.tenantId, {
          name: "Watched SAML",
          metadata: idp.metadataXml(),
        });
        const forged = (n: number) =>
          otherIdp.samlResponse({
            audience: sp.entityId,
            acsUrl: sp.acsUrl,
            nameId: `user${n}@watched.example`,
          });
        const since = Date.now();
        for (let i = 0; i < 9; i++) expect((await postSamlResponse(sp.acsUrl, forged(i))).status).toBe(303);
        await new Promise((resolve) => setTimeout(resolve, 3000));
        expect(mails(/sign-ins? refused/).filter((m) => m.at >= since)).toHaveLength(0);
        for (let i = 9; i < 12; i++) expect((await postSamlResponse(sp.acsUrl, forged(i))).status).toBe(303);
        const mail = await watchedMailbox.waitFor(tenant.email, {
          since,
          match: (m) => m.subject.includes("refused"),
          timeoutMs: 15_000,
        });
        expect(mail.subject).toBe("Watched: 12 sign-ins refused in the last hour");
        expect(mail.text).toContain("In the last hour Rollcall refused 12 sign-ins and let 0 through.");
        expect(mail.text).toContain(
          "Watched SAML: 12 sign-ins refused, 0 signed in. Most often: The sign-in response could not be verified (bad_signature).",
        );
        expect(mail.text).toContain(`${app.url}/identity-providers/${sp.idpId}/activity`);
      },
      // Three CLI calls add the identity provider: slow on a loaded machine.
      120_000,
    );
  },
);

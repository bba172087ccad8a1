/**
 * Administrator accounts over real HTTP, on SQLite and PostgreSQL, with a real local SMTP server
 * (tests/support/mailbox.ts) reading each message as a person would: sign-up that creates nothing
 * until the mailed link is confirmed and answers the same for addresses with and without an
 * account; password reset by a single-use, expiring link that ends every session; changes of name,
 * password and email in Profile settings (the current password required, the new address confirmed,
 * the old one told); invitations — one per address, renewed, revoked, gone once accepted; an
 * owner's reset of another administrator's lost second factor; an owner deleting the company.
 *
 * The app runs with TRUST_PROXY=1: X-Forwarded-For names the client address of each request, so
 * tests do not share the per-address limits.
 */
import { randomBytes } from "node:crypto";
import * as OTPAuth from "otpauth";
import { afterAll, expect } from "vitest";
import { sqliteTime, toDate } from "@/lib/db/sql";
import { callAction } from "../support/actions";
import { credentialsSignIn, executeSql, queryRows, type App } from "../support/app";
import { dbTest, describeEachDatabase } from "../support/fixtures";
import { linkIn, startMailbox, type Mailbox } from "../support/mailbox";

const PASSWORD = "correct horse battery staple";
const ENV = { TRUST_PROXY: "1", SIGNIN_MAX_FAILURES: "5" };

let addressCounter = 0;
/** A fresh documentation address (RFC 5737) per call, so tests do not share address budgets. */
function newAddress(): string {
  addressCounter += 1;
  return `198.51.${100 + Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
}
const from = (address = newAddress()) => ({ headers: { "X-Forwarded-For": address } });
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}@accounts.example`;
const tokenOf = (link: string) => new URL(link).pathname.split("/").pop()!;

/** A company made by the operator's CLI (no mail), with its admin's credentials. */
async function company(app: App, name = "Contoso") {
  const email = unique("admin");
  const { tenantId } = await app.cli(
    "tenant",
    "create",
    "--name",
    name,
    "--admin-email",
    email,
    "--admin-password",
    PASSWORD,
  );
  return { tenantId: tenantId!, email };
}

async function session(app: App, email: string, password = PASSWORD): Promise<string> {
  const result = await credentialsSignIn(app, email, password, from());
  if (!("cookie" in result)) throw new Error(`sign-in failed: ${result.error}`);
  return result.cookie;
}

async function canSignIn(app: App, email: string, password: string): Promise<boolean> {
  return "cookie" in (await credentialsSignIn(app, email, password, from()));
}

/** Is this session cookie still an admin's? */
async function signedIn(app: App, cookie: string): Promise<boolean> {
  const res = await fetch(`${app.url}/settings/profile`, { headers: { Cookie: cookie }, redirect: "manual" });
  await res.arrayBuffer();
  return res.status === 200;
}

async function page(app: App, path: string): Promise<string> {
  const res = await fetch(`${app.url}${path}`);
  expect(res.status).toBe(200);
  return res.text();
}

const count = async (app: App, sql: string, params: unknown[]) =>
  Number((await queryRows<{ n: number }>(app.database, sql, params))[0]!.n);

let mailbox: Mailbox;

describeEachDatabase(
  "administrator accounts on %s",
  {
    env: async () => {
      mailbox = await startMailbox();
      return { ...ENV, ...mailbox.env };
    },
    tenant: false,
  },
  () => {
    afterAll(() => mailbox.stop());

    const signUpInput = (email: string, companyName = "Sign-up Ltd") => ({
      companyName,
      name: "Sam Signup",
      email,
      password: PASSWORD,
    });

    dbTest(
      "a sign-up creates nothing until the mailed link is confirmed; confirming signs in, once",
      async ({ app }) => {
        const email = unique("new");
        const companyName = `Confirmed ${randomBytes(3).toString("hex")}`;
        const since = Date.now();
        const reply = await callAction(app.url, "signUpAction", [signUpInput(email, companyName)], from());
        expect(reply.value).toEqual({ ok: true, data: { mailed: true } });
        expect(await count(app, `SELECT COUNT(*) AS n FROM "Tenant" WHERE name = ?`, [companyName])).toBe(0);
        expect(await canSignIn(app, email, PASSWORD)).toBe(false);

        const mail = await mailbox.waitFor(email, { since });
        expect(mail.subject).toContain(companyName);
        expect(mail.html).toContain(companyName);
        const link = linkIn(mail, "/signup/confirm/");
        const path = new URL(link).pathname;
        // Opening the link (as a mail scanner would) uses nothing up: it asks first.
        expect(await page(app, path)).toContain("Confirm and sign in");
        expect(await page(app, path)).toContain("Confirm and sign in");

        const confirmed = await callAction(app.url, "confirmSignUpAction", [tokenOf(link)], { page: path });
        expect(confirmed.redirect).toMatch(/^\/dashboard\b/);
        const cookie = confirmed.setCookies
          .find((c) => c.startsWith("next-auth.session-token="))!
          .split(";")[0]!;
        expect(await signedIn(app, cookie)).toBe(true);
        expect(await count(app, `SELECT COUNT(*) AS n FROM "Tenant" WHERE name = ?`, [companyName])).toBe(1);
        expect(await canSignIn(app, email, PASSWORD)).toBe(true);

        const again = await callAction(app.url, "confirmSignUpAction", [tokenOf(link)], { page: path });
        expect(again.value).toMatchObject({ ok: false, error: expect.stringContaining("does not work") });
        expect(await page(app, path)).toContain("This link does not work");
      },
    );

    dbTest(
      "answers sign-up the same whether or not the address has an account; only the message says which",
      async ({ app }) => {
        const taken = await company(app, "Existing Co");
        const fresh = unique("fresh");
        const timed = async (email: string) => {
          const started = performance.now();
          const reply = await callAction(app.url, "signUpAction", [signUpInput(email)], from());
          return { ...reply, ms: performance.now() - started };
        };
        await timed(unique("warm-up"));
        const since = Date.now();
        const existing = await timed(taken.email.toUpperCase());
        const created = await timed(fresh);
        expect(existing.status).toBe(created.status);
        expect(existing.value).toEqual(created.value);
        expect(existing.text).toBe(created.text);
        console.info(`sign-up: existing ${existing.ms.toFixed(0)} ms, new ${created.ms.toFixed(0)} ms`);

        const toOwner = await mailbox.waitFor(taken.email, { since });
        expect(toOwner.subject).toBe("You already have a Rollcall account");
        expect(toOwner.text).toContain("Existing Co");
        expect(toOwner.text).toContain("/forgot-password");
        expect(toOwner.text).not.toContain("/signup/confirm/");
        expect(linkIn(await mailbox.waitFor(fresh, { since }), "/signup/confirm/")).toBeTruthy();
        // The owner's account is untouched and nothing was created for the taken address.
        expect(await canSignIn(app, taken.email, PASSWORD)).toBe(true);
        expect(
          await count(app, `SELECT COUNT(*) AS n FROM "PendingSignUp" WHERE lower(email) = ?`, [taken.email]),
        ).toBe(0);
      },
    );

    dbTest(
      "refuses the 21st sign-up from one address in an hour, and sends it nothing; another address goes on",
      async ({ app }) => {
        const address = newAddress();
        const since = Date.now();
        for (let i = 0; i < 20; i++) {
          const reply = await callAction(
            app.url,
            "signUpAction",
            [signUpInput(unique(`burst${i}`))],
            from(address),
          );
          expect(reply.value).toEqual({ ok: true, data: { mailed: true } });
        }
        const refused = unique("burst-over");
        const over = await callAction(app.url, "signUpAction", [signUpInput(refused)], from(address));
        expect(over.value).toMatchObject({
          ok: false,
          error: expect.stringMatching(/^Too many sign-ups from your network/),
        });
        const other = unique("other");
        const elsewhere = await callAction(app.url, "signUpAction", [signUpInput(other)], from());
        expect(elsewhere.value).toEqual({ ok: true, data: { mailed: true } });
        // The message of the sign-up after the refused one arrives; none for the refused one.
        await mailbox.waitFor(other, { since });
        expect(mailbox.to(refused)).toEqual([]);
        expect(
          await count(app, `SELECT COUNT(*) AS n FROM "PendingSignUp" WHERE lower(email) = ?`, [refused]),
        ).toBe(0);
      },
    );

    dbTest("a confirmation link for an address that got an account meanwhile is refused", async ({ app }) => {
      const email = unique("twice");
      const since = Date.now();
      await callAction(app.url, "signUpAction", [signUpInput(email, "First Ltd")], from());
      await callAction(app.url, "signUpAction", [signUpInput(email, "Second Ltd")], from());
      await mailbox.waitFor(email, { since, match: (m) => m.subject.includes("Second Ltd") });
      const [first, second] = mailbox.to(email).filter((m) => m.at >= since);
      const firstLink = linkIn(first!, "/signup/confirm/");
      const secondLink = linkIn(second!, "/signup/confirm/");
      const ok = await callAction(app.url, "confirmSignUpAction", [tokenOf(secondLink)], {
        page: new URL(secondLink).pathname,
      });
      expect(ok.redirect).toMatch(/^\/dashboard\b/);
      const refused = await callAction(app.url, "confirmSignUpAction", [tokenOf(firstLink)], {
        page: new URL(firstLink).pathname,
      });
      expect(refused.value).toMatchObject({ ok: false, error: "An account with this email already exists" });
      expect(await count(app, `SELECT COUNT(*) AS n FROM "Admin" WHERE "emailLower" = ?`, [email])).toBe(1);
    });

    dbTest(
      "resets a password through a single-use link: every session ends, the old password and the link stop working",
      async ({ app }) => {
        const admin = await company(app);
        const [a, b] = [await session(app, admin.email), await session(app, admin.email)];
        const since = Date.now();
        const asked = await callAction(app.url, "requestPasswordResetAction", [admin.email], from());
        expect(asked.value).toEqual({ ok: true, data: { mailed: true } });
        const mail = await mailbox.waitFor(admin.email, { since });
        expect(mail.subject).toBe("Reset your Rollcall password");
        expect(mail.text).toContain("Contoso");
        const link = linkIn(mail, "/reset-password/");
        const path = new URL(link).pathname;
        expect(await page(app, path)).toContain("Choose a new password");
        // Only a hash of the token is stored.
        expect(
          await count(app, `SELECT COUNT(*) AS n FROM "AdminToken" WHERE "tokenHash" = ?`, [tokenOf(link)]),
        ).toBe(0);

        const short = await callAction(app.url, "resetPasswordAction", [tokenOf(link), "short"], {
          page: path,
        });
        expect(short.value).toMatchObject({ ok: false, fieldErrors: { password: expect.any(String) } });
        const done = await callAction(
          app.url,
          "resetPasswordAction",
          [tokenOf(link), "a brand new password"],
          {
            page: path,
          },
        );
        expect(done.value).toEqual({ ok: true, data: { email: admin.email } });
        expect(await signedIn(app, a)).toBe(false);
        expect(await signedIn(app, b)).toBe(false);
        expect(await canSignIn(app, admin.email, PASSWORD)).toBe(false);
        expect(await canSignIn(app, admin.email, "a brand new password")).toBe(true);

        const reused = await callAction(
          app.url,
          "resetPasswordAction",
          [tokenOf(link), "yet another password"],
          {
            page: path,
          },
        );
        expect(reused.value).toMatchObject({ ok: false });
        expect(await page(app, path)).toContain("This link does not work");
        const notice = await mailbox.waitFor(admin.email, {
          since,
          match: (m) => m.subject.includes("changed"),
        });
        expect(notice.text).not.toMatch(/https?:\/\//);
        expect(app.logs()).not.toContain(tokenOf(link));
      },
    );

    dbTest("a reset link expires after 30 minutes, and only the newest one works", async ({ app, kind }) => {
      const admin = await company(app);
      const since = Date.now();
      await callAction(app.url, "requestPasswordResetAction", [admin.email], from());
      const first = linkIn(await mailbox.waitFor(admin.email, { since }), "/reset-password/");
      const later = Date.now();
      await callAction(app.url, "requestPasswordResetAction", [admin.email], from());
      const second = linkIn(await mailbox.waitFor(admin.email, { since: later }), "/reset-password/");
      expect(await page(app, new URL(first).pathname)).toContain("This link does not work");
      expect(await page(app, new URL(second).pathname)).toContain("Choose a new password");

      const [row] = await queryRows<{ expiresAt: unknown; createdAt: unknown }>(
        app.database,
        `SELECT "expiresAt", "createdAt" FROM "AdminToken" WHERE purpose = 'password_reset'
           AND "adminId" = (SELECT id FROM "Admin" WHERE "emailLower" = ?)`,
        [admin.email],
      );
      const lifetime = toDate(row!.expiresAt)!.getTime() - toDate(row!.createdAt)!.getTime();
      expect(lifetime).toBe(30 * 60_000);
      const past = new Date(Date.now() - 1000);
      await executeSql(
        app.database,
        `UPDATE "AdminToken" SET "expiresAt" = ? WHERE purpose = 'password_reset'`,
        [kind === "sqlite" ? sqliteTime(past) : past],
      );
      const expired = await callAction(
        app.url,
        "resetPasswordAction",
        [tokenOf(second), "a brand new password"],
        {
          page: new URL(second).pathname,
        },
      );
      expect(expired.value).toMatchObject({ ok: false });
      expect(await canSignIn(app, admin.email, PASSWORD)).toBe(true);
    });

    dbTest(
      "answers reset requests the same for unknown addresses, and limits them per address typed",
      async ({ app }) => {
        const admin = await company(app);
        const unknown = unique("nobody");
        const timed = async (email: string) => {
          const started = performance.now();
          const reply = await callAction(app.url, "requestPasswordResetAction", [email], from());
          return { ...reply, ms: performance.now() - started };
        };
        await timed(unique("warm-up"));
        const since = Date.now();
        const known = await timed(admin.email);
        const other = await timed(unknown);
        expect(known.status).toBe(other.status);
        expect(known.value).toEqual(other.value);
        expect(known.text).toBe(other.text);
        console.info(`reset request: existing ${known.ms.toFixed(0)} ms, unknown ${other.ms.toFixed(0)} ms`);
        await mailbox.waitFor(admin.email, { since });
        expect(mailbox.to(unknown)).toHaveLength(0);

        // SIGNIN_MAX_FAILURES (5) requests per address typed in 15 minutes, from any client address.
        for (const email of [admin.email, unknown]) {
          for (let i = 0; i < 4; i++) await timed(email);
          const refused = await timed(email);
          expect(refused.value).toMatchObject({
            ok: false,
            error: expect.stringMatching(/^Too many reset requests/),
          });
        }
      },
    );

    dbTest(
      "changes the name, and the password only with the current one: other sessions end, this one stays",
      async ({ app }) => {
        const admin = await company(app);
        const [mine, other] = [await session(app, admin.email), await session(app, admin.email)];
        const renamed = await callAction(app.url, "changeNameAction", ["Rene Renamed"], { cookie: mine });
        expect(renamed.value).toMatchObject({ ok: true });
        const [row] = await queryRows<{ name: string }>(
          app.database,
          `SELECT name FROM "Admin" WHERE "emailLower" = ?`,
          [admin.email],
        );
        expect(row!.name).toBe("Rene Renamed");

        const address = newAddress();
        const change = (current: string) =>
          callAction(
            app.url,
            "changePasswordAction",
            [{ currentPassword: current, newPassword: "my next password" }],
            { cookie: mine, ...from(address) },
          );
        const wrong = await change("not my password");
        expect(wrong.value).toMatchObject({
          ok: false,
          fieldErrors: { currentPassword: expect.any(String) },
        });
        const since = Date.now();
        const changed = await change(PASSWORD);
        expect(changed.value).toEqual({ ok: true, data: { sessionsEnded: 1 } });
        expect(await signedIn(app, mine)).toBe(true);
        expect(await signedIn(app, other)).toBe(false);
        expect(await canSignIn(app, admin.email, "my next password")).toBe(true);
        expect(await canSignIn(app, admin.email, PASSWORD)).toBe(false);
        await mailbox.waitFor(admin.email, { since, match: (m) => m.subject.includes("changed") });

        // Wrong current passwords count like wrong sign-ins: the sixth guess from one address is refused.
        for (let i = 0; i < 4; i++) await change(`guess ${i}`);
        const paused = await change("my next password");
        expect(paused.value).toMatchObject({
          ok: false,
          error: expect.stringMatching(/^Too many wrong passwords/),
        });
      },
    );

    dbTest(
      "changes the email only once the new address confirms it; the old address is told",
      async ({ app }) => {
        const admin = await company(app, "Mover Ltd");
        const cookie = await session(app, admin.email);
        const newEmail = unique("moved");
        const request = (currentPassword: string, to = newEmail) =>
          callAction(app.url, "requestEmailChangeAction", [{ currentPassword, newEmail: to }], {
            cookie,
            ...from(),
          });
        expect((await request("wrong password")).value).toMatchObject({
          ok: false,
          fieldErrors: { currentPassword: expect.any(String) },
        });
        const since = Date.now();
        expect((await request(PASSWORD)).value).toEqual({ ok: true, data: { mailed: true, newEmail } });
        const link = linkIn(await mailbox.waitFor(newEmail, { since }), "/email/confirm/");
        expect(await canSignIn(app, newEmail, PASSWORD)).toBe(false);
        const profile = await fetch(`${app.url}/settings/profile`, { headers: { Cookie: cookie } });
        expect(await profile.text()).toContain(`Waiting for ${newEmail}`);

        const path = new URL(link).pathname;
        expect(await page(app, path)).toContain("Confirm new address");
        const confirmed = await callAction(app.url, "confirmEmailChangeAction", [tokenOf(link)], {
          page: path,
        });
        expect(confirmed.value).toEqual({ ok: true, data: { email: newEmail } });
        expect(await canSignIn(app, newEmail, PASSWORD)).toBe(true);
        expect(await canSignIn(app, admin.email, PASSWORD)).toBe(false);
        expect(await signedIn(app, cookie)).toBe(true);
        const notice = await mailbox.waitFor(admin.email, {
          since,
          match: (m) => m.subject.includes("changed"),
        });
        expect(notice.text).toContain(newEmail);
        expect(notice.text).toContain("Mover Ltd");
        const again = await callAction(app.url, "confirmEmailChangeAction", [tokenOf(link)], { page: path });
        expect(again.value).toMatchObject({ ok: false });
      },
    );

    dbTest(
      "an email change to an address already used answers like any other and changes nothing",
      async ({ app }) => {
        const admin = await company(app);
        const other = await company(app, "Other Co");
        const cookie = await session(app, admin.email);
        const since = Date.now();
        const reply = await callAction(
          app.url,
          "requestEmailChangeAction",
          [{ currentPassword: PASSWORD, newEmail: other.email }],
          { cookie, ...from() },
        );
        expect(reply.value).toEqual({ ok: true, data: { mailed: true, newEmail: other.email } });
        const toOwner = await mailbox.waitFor(other.email, { since });
        expect(toOwner.text).toContain("already has a Rollcall account");
        expect(toOwner.text).not.toContain("/email/confirm/");
        expect(
          await count(
            app,
            `SELECT COUNT(*) AS n FROM "AdminToken" WHERE purpose = 'email_change' AND "newEmail" = ?`,
            [other.email],
          ),
        ).toBe(0);

        // An address that gets an account between the request and the confirmation stays its owner's.
        const free = unique("soon-taken");
        const later = Date.now();
        await callAction(
          app.url,
          "requestEmailChangeAction",
          [{ currentPassword: PASSWORD, newEmail: free }],
          {
            cookie,
            ...from(),
          },
        );
        const link = linkIn(await mailbox.waitFor(free, { since: later }), "/email/confirm/");
        await app.cli(
          "tenant",
          "create",
          "--name",
          "Quick Co",
          "--admin-email",
          free,
          "--admin-password",
          PASSWORD,
        );
        const refused = await callAction(app.url, "confirmEmailChangeAction", [tokenOf(link)], {
          page: new URL(link).pathname,
        });
        expect(refused.value).toMatchObject({ ok: false, error: expect.stringContaining("got an account") });
        expect(await canSignIn(app, admin.email, PASSWORD)).toBe(true);
      },
    );

    dbTest(
      "invitations: one per address (inviting again renews it), revocable, gone once accepted",
      async ({ app }) => {
        const admin = await company(app, "Inviting Co");
        const cookie = await session(app, admin.email);
        const colleague = unique("colleague");
        const invite = () => callAction(app.url, "inviteAdminAction", [colleague], { cookie });
        const invites = () =>
          queryRows<{ id: string; expiresAt: unknown }>(
            app.database,
            `SELECT id, "expiresAt" FROM "AdminInvite" WHERE "emailLower" = ?`,
            [colleague],
          );

        const since = Date.now();
        const first = await invite();
        expect(first.value).toMatchObject({ ok: true, data: { email: colleague, link: null } });
        const firstMail = await mailbox.waitFor(colleague, { since });
        expect(firstMail.subject).toContain("Inviting Co");
        const firstLink = linkIn(firstMail, "/invite/");
        const [before] = await invites();

        const later = Date.now();
        await new Promise((r) => setTimeout(r, 20));
        await invite();
        const secondLink = linkIn(await mailbox.waitFor(colleague, { since: later }), "/invite/");
        const rows = await invites();
        expect(rows).toHaveLength(1);
        expect(toDate(rows[0]!.expiresAt)!.getTime()).toBeGreaterThan(toDate(before!.expiresAt)!.getTime());
        expect(await page(app, new URL(firstLink).pathname)).toContain("This invite link does not work");
        const team = await (await fetch(`${app.url}/settings/team`, { headers: { Cookie: cookie } })).text();
        expect(team.match(/data-testid="invite-row"/g)).toHaveLength(1);

        expect(
          (await callAction(app.url, "revokeInviteAction", [rows[0]!.id], { cookie })).value,
        ).toMatchObject({
          ok: true,
        });
        expect(await invites()).toHaveLength(0);
        expect(await page(app, new URL(secondLink).pathname)).toContain("This invite link does not work");

        const last = Date.now();
        await invite();
        const link = linkIn(await mailbox.waitFor(colleague, { since: last }), "/invite/");
        const accepted = await callAction(
          app.url,
          "acceptInviteAction",
          [tokenOf(link), { name: "Casey Colleague", password: "colleague password" }],
          { page: new URL(link).pathname },
        );
        expect(accepted.value).toMatchObject({ ok: true });
        expect(await invites()).toHaveLength(0);
        const after = await (await fetch(`${app.url}/settings/team`, { headers: { Cookie: cookie } })).text();
        expect(after).not.toContain('data-testid="invite-row"');
        // An address with an account cannot be invited (a company's admins may know this).
        expect((await invite()).value).toMatchObject({
          ok: false,
          error: "An account with this email already exists",
        });
      },
    );

    dbTest(
      "an owner may leave the company, but never as its last; leaving ends their sessions",
      async ({ app }) => {
        const admin = await company(app, "Leaving Co");
        const cookie = await session(app, admin.email);
        const [me] = await queryRows<{ id: string }>(
          app.database,
          `SELECT id FROM "Admin" WHERE "emailLower" = ?`,
          [admin.email],
        );
        const alone = await callAction(app.url, "removeAdminAction", [me!.id], { cookie });
        expect(alone.value).toMatchObject({
          ok: false,
          error: expect.stringContaining("always keeps an owner"),
        });
        expect(await signedIn(app, cookie)).toBe(true);

        const colleague = unique("stayer");
        const since = Date.now();
        await callAction(app.url, "inviteAdminAction", [colleague, "owner"], { cookie });
        const link = linkIn(await mailbox.waitFor(colleague, { since }), "/invite/");
        await callAction(
          app.url,
          "acceptInviteAction",
          [tokenOf(link), { name: "Stay", password: PASSWORD }],
          {
            page: new URL(link).pathname,
          },
        );
        const left = await callAction(app.url, "removeAdminAction", [me!.id], { cookie });
        expect(left.redirect).toMatch(/^\/signin\b/);
        expect(await signedIn(app, cookie)).toBe(false);
        expect(await canSignIn(app, admin.email, PASSWORD)).toBe(false);
        expect(await canSignIn(app, colleague, PASSWORD)).toBe(true);
      },
    );

    /** Invites `email` as `role` to the owner's company and accepts the mailed invite. */
    async function joined(app: App, ownerCookie: string, email: string, role = "admin") {
      const since = Date.now();
      await callAction(app.url, "inviteAdminAction", [email, role], { cookie: ownerCookie });
      const link = linkIn(await mailbox.waitFor(email, { since }), "/invite/");
      const accepted = await callAction(
        app.url,
        "acceptInviteAction",
        [tokenOf(link), { name: "Robin Lost-Phone", password: PASSWORD }],
        { page: new URL(link).pathname },
      );
      expect(accepted.value).toMatchObject({ ok: true });
      const [row] = await queryRows<{ id: string }>(
        app.database,
        `SELECT id FROM "Admin" WHERE "emailLower" = ?`,
        [email],
      );
      return row!.id;
    }

    /** The code an authenticator app shows for `secret`, `ahead` periods from now. */
    const totpCode = (secret: string, ahead = 0) =>
      new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
        timestamp: Date.now() + ahead * 30_000,
      });

    /** Turns an authenticator app on for the admin of `cookie`, as Security settings does; its secret. */
    async function turnOnTotp(app: App, cookie: string): Promise<string> {
      const enrolment = await callAction(app.url, "startTotpAction", [], { cookie });
      // The answer streams the QR code as a separate chunk; the secret is in the row of the data.
      const secret = /"secret":"([A-Z2-7]+)"/.exec(enrolment.text)?.[1];
      if (!secret) throw new Error(`no secret in the enrolment: ${enrolment.text.slice(0, 200)}`);
      const confirmed = await callAction(app.url, "confirmTotpAction", [totpCode(secret)], { cookie });
      expect(confirmed.value).toMatchObject({ ok: true });
      return secret;
    }

    dbTest(
      "an owner resets another administrator's lost two-factor sign-in: factors gone, sessions ended, told by mail",
      async ({ app }) => {
        const owner = await company(app, "Reset Co");
        const ownerCookie = await session(app, owner.email);
        const colleague = unique("lost-phone");
        const colleagueId = await joined(app, ownerCookie, colleague);
        const before = await session(app, colleague);
        await turnOnTotp(app, before);
        // A password alone now opens nothing but the second step.
        expect(await signedIn(app, await session(app, colleague))).toBe(false);

        const teamPage = async () =>
          (await fetch(`${app.url}/settings/team`, { headers: { Cookie: ownerCookie } })).text();
        expect(await teamPage()).toContain(`Reset the two-factor sign-in of ${colleague}`);

        const since = Date.now();
        const reset = await callAction(app.url, "resetSecondFactorAction", [colleagueId], {
          cookie: ownerCookie,
        });
        expect(reset.value).toMatchObject({ ok: true });
        expect(await signedIn(app, before)).toBe(false);
        expect(await signedIn(app, await session(app, colleague))).toBe(true);
        const notice = await mailbox.waitFor(colleague, {
          since,
          match: (m) => m.text.includes("two-factor"),
        });
        expect(notice.text).toContain(`${owner.email} reset your two-factor sign-in`);
        expect(
          await count(
            app,
            `SELECT COUNT(*) AS n FROM "AuditEvent" WHERE action = 'admin.second_factor_reset' AND target = ?`,
            [colleague],
          ),
        ).toBe(1);
        expect(await teamPage()).not.toContain(`Reset the two-factor sign-in of ${colleague}`);

        // Nothing left to reset; one's own factors are changed in Security settings.
        expect(
          (await callAction(app.url, "resetSecondFactorAction", [colleagueId], { cookie: ownerCookie }))
            .value,
        ).toMatchObject({ ok: false, error: "Robin Lost-Phone has no second factor to reset" });
        const [me] = await queryRows<{ id: string }>(
          app.database,
          `SELECT id FROM "Admin" WHERE "emailLower" = ?`,
          [owner.email],
        );
        expect(
          (await callAction(app.url, "resetSecondFactorAction", [me!.id], { cookie: ownerCookie })).value,
        ).toMatchObject({ ok: false, error: "Change your own second factor in Security settings" });

        // They set an app up again, and turn it off with a current code: the app and its codes go.
        const again = await session(app, colleague);
        const second = await turnOnTotp(app, again);
        const factors = () =>
          count(
            app,
            `SELECT (SELECT COUNT(*) FROM "AdminRecoveryCode" WHERE "adminId" = ?)
                  + (SELECT COUNT(*) FROM "Admin" WHERE id = ? AND "totpSecret" IS NOT NULL) AS n`,
            [colleagueId, colleagueId],
          );
        expect(await factors()).toBe(11);
        // The enrolment used this period's code, and a code works once: the next period's.
        const off = await callAction(app.url, "disableTotpAction", [totpCode(second, 1)], { cookie: again });
        expect(off.value).toMatchObject({ ok: true });
        expect(await factors()).toBe(0);
      },
    );

    dbTest(
      "an owner deletes the company once its name is typed: everything goes, every administrator is told",
      async ({ app }) => {
        const owner = await company(app, "Doomed Co");
        const ownerCookie = await session(app, owner.email);
        const colleague = unique("doomed-colleague");
        await joined(app, ownerCookie, colleague);
        const { idpId } = await app.cli(
          "idp",
          "add",
          "--tenant",
          owner.tenantId,
          "--type",
          "saml",
          "--name",
          "Doomed IdP",
        );
        const { tenantUrl, token } = await app.cli("provisioning", "enable", "--idp", idpId!);
        const scimUsers = () =>
          fetch(`${tenantUrl}/Users`, { headers: { Authorization: `Bearer ${token}` } }).then(async (res) => {
            await res.arrayBuffer();
            return res.status;
          });
        expect(await scimUsers()).toBe(200);

        const wrong = await callAction(app.url, "deleteCompanyAction", ["Doomed"], { cookie: ownerCookie });
        expect(wrong.value).toMatchObject({
          ok: false,
          error: "Type the company's name exactly as shown to delete it",
        });
        expect(await count(app, `SELECT COUNT(*) AS n FROM "Tenant" WHERE id = ?`, [owner.tenantId])).toBe(1);

        const since = Date.now();
        const deleted = await callAction(app.url, "deleteCompanyAction", ["Doomed Co"], {
          cookie: ownerCookie,
        });
        expect(deleted.redirect).toMatch(/^\/signin\?from=deleted(;|$)/);
        expect(await count(app, `SELECT COUNT(*) AS n FROM "Tenant" WHERE id = ?`, [owner.tenantId])).toBe(0);
        expect(
          await count(app, `SELECT COUNT(*) AS n FROM "IdentityProvider" WHERE "tenantId" = ?`, [
            owner.tenantId,
          ]),
        ).toBe(0);
        expect(await scimUsers()).toBe(401);
        expect(await signedIn(app, ownerCookie)).toBe(false);
        expect(await canSignIn(app, colleague, PASSWORD)).toBe(false);
        for (const address of [owner.email, colleague]) {
          const mail = await mailbox.waitFor(address, {
            since,
            match: (m) => m.subject.includes("was deleted"),
          });
          expect(mail.subject).toBe("Doomed Co was deleted from Rollcall");
          expect(mail.text).toContain(`${owner.email} deleted Doomed Co from Rollcall`);
        }
        expect(await page(app, "/signin?from=deleted")).toContain("The company was deleted");
      },
      // Four CLI calls set the company up: slow on a loaded machine.
      120_000,
    );
  },
);

describeEachDatabase("administrator accounts without SMTP on %s", { env: ENV, tenant: false }, () => {
  dbTest(
    "shows the links a message would carry, prints reset links in the CLI, and mails nothing",
    async ({ app }) => {
      const admin = await company(app);
      const email = unique("offline");
      const reply = await callAction(
        app.url,
        "signUpAction",
        [{ companyName: "Offline Ltd", name: "Olive", email, password: PASSWORD }],
        from(),
      );
      const confirmUrl = (reply.value as { data: { confirmUrl: string } }).data.confirmUrl;
      expect(new URL(confirmUrl).pathname).toMatch(/^\/signup\/confirm\//);
      const taken = await callAction(
        app.url,
        "signUpAction",
        [{ companyName: "Offline Ltd", name: "Olive", email: admin.email, password: PASSWORD }],
        from(),
      );
      expect(taken.value).toEqual({ ok: true, data: { mailed: false, existingAccount: true } });

      const cookie = await session(app, admin.email);
      const invite = await callAction(app.url, "inviteAdminAction", [unique("by-hand")], { cookie });
      expect((invite.value as { data: { link: string } }).data.link).toMatch(/\/invite\//);

      const reset = await callAction(app.url, "requestPasswordResetAction", [admin.email], from());
      expect(reset.value).toEqual({ ok: true, data: { mailed: false } });
      const printed = await app.cli<{ link: string; expiresAt: string }>(
        "admin",
        "reset-link",
        "--email",
        admin.email,
      );
      const path = new URL(printed.link).pathname;
      expect(await page(app, path)).toContain("Choose a new password");
      const done = await callAction(
        app.url,
        "resetPasswordAction",
        [tokenOf(printed.link), "reset by the operator"],
        {
          page: path,
        },
      );
      expect(done.value).toMatchObject({ ok: true });
      expect(await canSignIn(app, admin.email, "reset by the operator")).toBe(true);
      expect(app.logs()).not.toContain(tokenOf(printed.link));
    },
  );
});

/**
 * Admin sign-in and sessions over real HTTP, on SQLite and PostgreSQL: the sign-in throttle under
 * parallel bursts (counted before the password is checked), per account-and-address pauses that an
 * attacker elsewhere cannot turn against the owner, and sessions that end on the server (sign out,
 * sign out everywhere, admin removed) — on one instance and across two on PostgreSQL. Sign-up, which
 * must not reveal which emails have an account, needs a mail server: admin-accounts.test.ts.
 *
 * The apps run with TRUST_PROXY=1: the test client plays the reverse proxy, so X-Forwarded-For
 * names the address each request comes from.
 */
import { randomBytes } from "node:crypto";
import { beforeAll, expect } from "vitest";
import { callAction } from "../support/actions";
import { credentialsSignIn, credentialsSignOut, queryRows, type App } from "../support/app";
import { dbTest, describeEachDatabase, describeOnDatabase, type SuiteOptions } from "../support/fixtures";

type Tenant = { tenantId: string; email: string; password: string };

/** A company with one admin (no identity provider: sign-in is all these tests need). */
async function company(app: App, name: string): Promise<Tenant> {
  const email = `admin-${randomBytes(4).toString("hex")}@${name.toLowerCase()}.example`;
  const password = "correct horse battery staple";
  const { tenantId } = await app.cli(
    "tenant",
    "create",
    "--name",
    name,
    "--admin-email",
    email,
    "--admin-password",
    password,
  );
  return { tenantId: tenantId!, email, password };
}

const ENV = {
  TRUST_PROXY: "1",
  SIGNIN_MAX_FAILURES: "5",
  SIGNIN_MAX_FAILURES_PER_IP: "30",
  SIGNIN_MAX_FAILURES_PER_EMAIL: "12",
};

let addressCounter = 0;
/** A fresh documentation address (RFC 5737) per call, so tests do not share address budgets. */
function newAddress(): string {
  addressCounter += 1;
  return `203.0.${113 + Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
}

const from = (address: string) => ({ headers: { "X-Forwarded-For": address } });

async function signIn(app: App, email: string, password: string, address: string, cookie?: string) {
  const result = await credentialsSignIn(app, email, password, {
    headers: { "X-Forwarded-For": address, ...(cookie ? { Cookie: cookie } : {}) },
  });
  return "cookie" in result ? "signed-in" : result.error;
}

/** Is this session cookie still an admin's? (An admin page answers 200, or redirects to sign-in.) */
async function signedIn(baseUrl: string, cookie: string): Promise<boolean> {
  const res = await fetch(`${baseUrl}/settings/profile`, { headers: { Cookie: cookie }, redirect: "manual" });
  await res.arrayBuffer();
  if (res.status === 200) return true;
  expect(res.headers.get("location")).toMatch(/\/signin$/);
  return false;
}

/** A burst of sign-ins sent at once; answers in order. */
function burst(apps: App[], email: string, passwords: string[], address: string) {
  return Promise.all(
    passwords.map((password, i) => signIn(apps[i % apps.length]!, email, password, address)),
  );
}

// Each block's company has an admin and no identity provider: sign-in is all these tests need.
describeEachDatabase("admin sign-in throttling on %s", { env: ENV, tenant: false }, (suite) => {
  let t: Tenant;

  beforeAll(async () => {
    t = await company(suite.app, "Contoso");
  });

  dbTest(
    "checks at most SIGNIN_MAX_FAILURES passwords of a parallel burst; the right one in it gains nothing",
    async ({ app }) => {
      const address = newAddress();
      const passwords = [...Array.from({ length: 31 }, (_, i) => `wrong password ${i}`), t.password];
      const answers = await burst([app], t.email, passwords, address);
      const checked = answers.filter((a) => a !== "too-many-attempts");
      expect(checked.length).toBeGreaterThanOrEqual(1);
      expect(checked.length).toBeLessThanOrEqual(5);
      expect(answers.filter((a) => a === "CredentialsSignin").length).toBeLessThanOrEqual(5);
      // Five wrong passwords were counted (or four and the right one): the account pauses for this address.
      expect(await signIn(app, t.email, t.password, address)).toBe("too-many-attempts");
    },
  );

  dbTest("does not let an attacker at another address lock the owner out", async ({ app }) => {
    const owner = await company(app, "Owner");
    const attacker = newAddress();
    for (let i = 0; i < 8; i++) await signIn(app, owner.email, `guess ${i} of the attacker`, attacker);
    expect(await signIn(app, owner.email, owner.password, attacker)).toBe("too-many-attempts");
    // The owner, at their own address, signs in.
    expect(await signIn(app, owner.email, owner.password, newAddress())).toBe("signed-in");
  });

  dbTest(
    "pauses an address after SIGNIN_MAX_FAILURES_PER_IP wrong passwords, whichever accounts they name",
    async ({ app }) => {
      const address = newAddress();
      const answers = await Promise.all(
        Array.from({ length: 34 }, (_, i) =>
          signIn(app, `nobody-${i}@nowhere.example`, "wrong password!", address),
        ),
      );
      expect(answers.filter((a) => a === "CredentialsSignin")).toHaveLength(30);
      expect(await signIn(app, t.email, t.password, address)).toBe("too-many-attempts");
      expect(await signIn(app, t.email, t.password, newAddress())).toBe("signed-in");
    },
  );

  dbTest(
    "bounds wrong passwords per account from all addresses, but never for a browser that signed in to it before",
    async ({ app }) => {
      const owner = await company(app, "Distributed");
      const known = await credentialsSignIn(app, owner.email, owner.password, from(newAddress()));
      if (!("cookie" in known)) throw new Error("the owner could not sign in");
      const device = known.setCookies.find((c) => c.startsWith("rollcall-device="))?.split(";")[0];
      expect(device).toBeDefined();
      // 3 addresses × 5 wrong passwords = 15 > SIGNIN_MAX_FAILURES_PER_EMAIL (12).
      for (let a = 0; a < 3; a++) {
        const address = newAddress();
        await Promise.all(
          Array.from({ length: 5 }, (_, i) => signIn(app, owner.email, `spray ${a}-${i}`, address)),
        );
      }
      expect(await signIn(app, owner.email, owner.password, newAddress())).toBe("too-many-attempts");
      expect(await signIn(app, owner.email, owner.password, newAddress(), device)).toBe("signed-in");
      // A device cookie of another account changes nothing.
      const forged = `rollcall-device=${randomBytes(32).toString("base64url")}`;
      expect(await signIn(app, owner.email, owner.password, newAddress(), forged)).toBe("too-many-attempts");
    },
  );
});

describeEachDatabase("admin sessions end on the server on %s", { env: ENV, tenant: false }, (suite) => {
  let t: Tenant;

  beforeAll(async () => {
    t = await company(suite.app, "Contoso");
  });

  const session = async (email = t.email, password = t.password) => {
    const result = await credentialsSignIn(suite.app, email, password, from(newAddress()));
    if (!("cookie" in result)) throw new Error(`sign-in failed: ${result.error}`);
    return result.cookie;
  };
  const sessionRows = async (adminEmail: string) =>
    Number(
      (
        await queryRows<{ n: number }>(
          suite.app.database,
          `SELECT COUNT(*) AS n FROM "AdminSession" s JOIN "Admin" a ON a.id = s."adminId" WHERE a."emailLower" = ?`,
          [adminEmail.toLowerCase()],
        )
      )[0]!.n,
    );

  dbTest(
    "refuses a copied session cookie after sign-out: pages, exports, server actions, next-auth's session",
    async ({ app }) => {
      const cookie = await session();
      const copy = cookie;
      expect(await signedIn(app.url, copy)).toBe(true);
      expect((await fetch(`${app.url}/api/export/users.csv`, { headers: { Cookie: copy } })).status).toBe(
        200,
      );
      const before = await sessionRows(t.email);
      expect(before).toBeGreaterThanOrEqual(1);

      expect(await credentialsSignOut(app, cookie)).toBe(200);

      expect(await signedIn(app.url, copy)).toBe(false);
      expect((await fetch(`${app.url}/api/export/users.csv`, { headers: { Cookie: copy } })).status).toBe(
        401,
      );
      const action = await callAction(app.url, "setAdminViewAction", ["advanced"], { cookie: copy });
      expect(action.redirect).toMatch(/^\/signin/);
      const next = await fetch(`${app.url}/api/auth/session`, { headers: { Cookie: copy } });
      expect(await next.json()).toEqual({});
      expect(await sessionRows(t.email)).toBe(before - 1);
    },
  );

  dbTest(
    "signs out every session of an admin from Profile settings, and only that admin's",
    async ({ app }) => {
      const other = await company(app, "Other");
      const [a, b, theirs] = await Promise.all([session(), session(), session(other.email, other.password)]);
      expect(await signedIn(app.url, a)).toBe(true);
      expect(await signedIn(app.url, b)).toBe(true);
      const reply = await callAction(app.url, "signOutEverywhereAction", [], { cookie: a });
      expect(reply.redirect).toMatch(/^\/signin/);
      expect(await signedIn(app.url, a)).toBe(false);
      expect(await signedIn(app.url, b)).toBe(false);
      expect(await signedIn(app.url, theirs)).toBe(true);
      expect(await sessionRows(t.email)).toBe(0);
    },
  );

  dbTest("ends a removed admin's sessions", async ({ app }) => {
    const owner = await session();
    const email = `second-${randomBytes(4).toString("hex")}@contoso.example`;
    const invite = await callAction(app.url, "inviteAdminAction", [email], { cookie: owner });
    const link = (invite.value as { ok: true; data: { link: string } }).data.link;
    const token = new URL(link).pathname.split("/").pop()!;
    const accepted = await callAction(
      app.url,
      "acceptInviteAction",
      [token, { name: "Second Admin", password: "second admin password" }],
      { page: `/invite/${token}` },
    );
    expect(accepted.value).toMatchObject({ ok: true });
    const second = await session(email, "second admin password");
    expect(await signedIn(app.url, second)).toBe(true);
    const [row] = await queryRows<{ id: string }>(
      app.database,
      `SELECT id FROM "Admin" WHERE "emailLower" = ?`,
      [email],
    );
    const removed = await callAction(app.url, "removeAdminAction", [row!.id], { cookie: owner });
    expect(removed.value).toMatchObject({ ok: true });
    expect(await signedIn(app.url, second)).toBe(false);
    expect(await sessionRows(email)).toBe(0);
    expect(await signedIn(app.url, owner)).toBe(true);
    // An admin cannot remove themselves (the company would be left without anyone).
    const [me] = await queryRows<{ id: string }>(
      app.database,
      `SELECT id FROM "Admin" WHERE "emailLower" = ?`,
      [t.email.toLowerCase()],
    );
    expect((await callAction(app.url, "removeAdminAction", [me!.id], { cookie: owner })).value).toMatchObject(
      {
        ok: false,
      },
    );
  });
});

// One deployment: both instances share the session secret, as the README asks.
const deployment: SuiteOptions = {
  env: { ...ENV, NEXTAUTH_SECRET: randomBytes(32).toString("hex") },
  tenant: false,
  instances: 2,
};

describeOnDatabase(
  "postgres",
  "admin sign-in and sessions across two instances on PostgreSQL",
  deployment,
  (suite) => {
    let t: Tenant;

    beforeAll(async () => {
      t = await company(suite.app, "Contoso");
    });

    dbTest(
      "checks at most SIGNIN_MAX_FAILURES passwords of a burst split over both instances",
      async ({ apps }) => {
        const [a, b] = apps as [App, App];
        const address = newAddress();
        const passwords = [...Array.from({ length: 31 }, (_, i) => `wrong password ${i}`), t.password];
        const answers = await burst([a, b], t.email, passwords, address);
        const checked = answers.filter((x) => x !== "too-many-attempts");
        expect(checked.length).toBeGreaterThanOrEqual(1);
        expect(checked.length).toBeLessThanOrEqual(5);
        expect(await signIn(b, t.email, t.password, address)).toBe("too-many-attempts");
        expect(await signIn(a, t.email, t.password, address)).toBe("too-many-attempts");
      },
    );

    dbTest("ends a session on both instances at once when it signs out on one", async ({ apps }) => {
      const [a, b] = apps as [App, App];
      const result = await credentialsSignIn(a, t.email, t.password, from(newAddress()));
      if (!("cookie" in result)) throw new Error("sign-in failed");
      expect(await signedIn(a.url, result.cookie)).toBe(true);
      expect(await signedIn(b.url, result.cookie)).toBe(true);
      expect(await credentialsSignOut(a, result.cookie)).toBe(200);
      expect(await signedIn(b.url, result.cookie)).toBe(false);
      expect(await signedIn(a.url, result.cookie)).toBe(false);
    });
  },
);

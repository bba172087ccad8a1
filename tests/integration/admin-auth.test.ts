/**
 * Admin sessions over real HTTP, on SQLite and PostgreSQL: sessions that end on the server (sign
 * out, sign out everywhere, admin removed) — on one instance and across two on PostgreSQL.
 *
 * The apps run with TRUST_PROXY=1: the test client plays the reverse proxy, so X-Forwarded-For
 * names the address each request comes from.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAction } from "../support/actions";
import {
  createDatabase,
  credentialsSignIn,
  credentialsSignOut,
  queryRows,
  startApp,
  testDatabases,
  type App,
  type Database,
} from "../support/app";

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

/** Is this session cookie still an admin's? (An admin page answers 200, or redirects to sign-in.) */
async function signedIn(baseUrl: string, cookie: string): Promise<boolean> {
  const res = await fetch(`${baseUrl}/settings/profile`, { headers: { Cookie: cookie }, redirect: "manual" });
  await res.arrayBuffer();
  if (res.status === 200) return true;
  expect(res.headers.get("location")).toMatch(/\/signin$/);
  return false;
}

describe.each(testDatabases())("admin sessions end on the server on %s", (kind) => {
  let app: App;
  let t: Tenant;

  beforeAll(async () => {
    app = await startApp(kind, { env: ENV });
    t = await company(app, "Contoso");
  });
  afterAll(() => app?.stop());

  const session = async (email = t.email, password = t.password) => {
    const result = await credentialsSignIn(app, email, password, from(newAddress()));
    if (!("cookie" in result)) throw new Error(`sign-in failed: ${result.error}`);
    return result.cookie;
  };
  const sessionRows = async (adminEmail: string) =>
    Number(
      (
        await queryRows<{ n: number }>(
          app.database,
          `SELECT COUNT(*) AS n FROM "AdminSession" s JOIN "Admin" a ON a.id = s."adminId" WHERE a."emailLower" = ?`,
          [adminEmail.toLowerCase()],
        )
      )[0]!.n,
    );

  it("refuses a copied session cookie after sign-out: pages, exports, server actions, next-auth's session", async () => {
    const cookie = await session();
    const copy = cookie;
    expect(await signedIn(app.url, copy)).toBe(true);
    expect((await fetch(`${app.url}/api/export/users.csv`, { headers: { Cookie: copy } })).status).toBe(200);
    const before = await sessionRows(t.email);
    expect(before).toBeGreaterThanOrEqual(1);

    expect(await credentialsSignOut(app, cookie)).toBe(200);

    expect(await signedIn(app.url, copy)).toBe(false);
    expect((await fetch(`${app.url}/api/export/users.csv`, { headers: { Cookie: copy } })).status).toBe(401);
    const action = await callAction(app.url, "setAdminViewAction", ["advanced"], { cookie: copy });
    expect(action.redirect).toMatch(/^\/signin/);
    const next = await fetch(`${app.url}/api/auth/session`, { headers: { Cookie: copy } });
    expect(await next.json()).toEqual({});
    expect(await sessionRows(t.email)).toBe(before - 1);
  });

  it("signs out every session of an admin from Profile settings, and only that admin's", async () => {
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
  });

  it("ends a removed admin's sessions", async () => {
    const owner = await session();
    const email = `second-${randomBytes(4).toString("hex")}@contoso.example`;
    const invite = await callAction(app.url, "inviteAdminAction", [email], { cookie: owner });
    const link = (invite.value as { ok: boolean; link: string }).link;
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

const postgres = testDatabases().includes("postgres");

describe.skipIf(!postgres)("admin sessions across two instances on PostgreSQL", () => {
  let database: Database;
  let a: App;
  let b: App;
  let t: Tenant;

  beforeAll(async () => {
    database = await createDatabase("postgres");
    // One deployment: both instances share the session secret, as the README asks.
    const env = { ...ENV, NEXTAUTH_SECRET: randomBytes(32).toString("hex") };
    [a, b] = await Promise.all([
      startApp("postgres", { database, env }),
      startApp("postgres", { database, env }),
    ]);
    t = await company(a, "Contoso");
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await database?.drop();
  });

  it("ends a session on both instances at once when it signs out on one", async () => {
    const result = await credentialsSignIn(a, t.email, t.password, from(newAddress()));
    if (!("cookie" in result)) throw new Error("sign-in failed");
    expect(await signedIn(a.url, result.cookie)).toBe(true);
    expect(await signedIn(b.url, result.cookie)).toBe(true);
    expect(await credentialsSignOut(a, result.cookie)).toBe(200);
    expect(await signedIn(b.url, result.cookie)).toBe(false);
    expect(await signedIn(a.url, result.cookie)).toBe(false);
  });
});

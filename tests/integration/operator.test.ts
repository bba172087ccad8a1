/**
 * The operator console over real HTTP, on SQLite and PostgreSQL: operator accounts made by the CLI
 * (a generated password printed once, only its argon2id hash kept), sign-in with sessions that end
 * on the server, the sign-in throttle with counters apart from administrators', the wall between
 * the console and the tenants' portal in both directions, API keys created and revoked in the
 * console against /api/v1, webhook endpoints managed in the console (the SSRF refusal on the URL
 * field: these apps do not allow private addresses), applications (the OpenID Provider's clients)
 * managed in the console, and the tenants and events pages.
 *
 * The apps run with TRUST_PROXY=1: the test client plays the reverse proxy, so X-Forwarded-For
 * names the address each request comes from.
 */
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAction, callFormAction } from "../support/actions";
import { allNumbered, api, apiKey } from "../support/api";
import {
  credentialsSignIn,
  provisionedTenant,
  queryRows,
  startApp,
  testDatabases,
  type App,
} from "../support/app";
import { call, USER } from "../support/scim-client";

const ROOT = path.resolve(import.meta.dirname, "../..");

const ENV = {
  TRUST_PROXY: "1",
  SIGNIN_MAX_FAILURES: "3",
  SIGNIN_MAX_FAILURES_PER_IP: "30",
  SIGNIN_MAX_FAILURES_PER_EMAIL: "20",
};

let addressCounter = 0;
/** A fresh documentation address (RFC 5737) per call, so tests do not share address budgets. */
function newAddress(): string {
  addressCounter += 1;
  return `198.51.100.${addressCounter}`;
}

/** The CLI's JSON output and exit code, also when it fails (app.cli throws on a non-zero exit). */
async function cli(app: App, ...args: string[]): Promise<{ code: number; out: Record<string, unknown> }> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["node_modules/tsx/dist/cli.mjs", "scripts/rollcall.ts", ...args, "--json"],
      { cwd: ROOT, env: app.env },
    );
    return { code: 0, out: JSON.parse(stdout) as Record<string, unknown> };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, out: JSON.parse(e.stdout) as Record<string, unknown> };
  }
}

type SignInState = { error: string | null; fieldErrors: Record<string, string>; email: string };
const EMPTY: SignInState = { error: null, fieldErrors: {}, email: "" };

/** The operator sign-in form, submitted as the browser does; the session cookie when it worked. */
async function operatorSignIn(app: App, email: string, password: string, address = newAddress()) {
  const reply = await callFormAction(
    app.url,
    "operatorSignInAction",
    EMPTY,
    { email, password },
    {
      headers: { "X-Forwarded-For": address },
    },
  );
  const session = reply.setCookies.find((c) => c.startsWith("rollcall-operator="));
  return {
    reply,
    cookie: session?.split(";")[0] ?? null,
    state: reply.value as SignInState | undefined,
  };
}

async function operatorCookie(app: App, email: string, password: string): Promise<string> {
  const { cookie, reply } = await operatorSignIn(app, email, password);
  if (!cookie) throw new Error(`operator sign-in failed: ${reply.status} ${reply.text.slice(0, 300)}`);
  expect(reply.redirect).toMatch(/^\/operator(;|$)/);
  return cookie;
}

async function adminCookie(app: App, email: string, password: string): Promise<string> {
  const result = await credentialsSignIn(app, email, password, {
    headers: { "X-Forwarded-For": newAddress() },
  });
  if (!("cookie" in result)) throw new Error(`admin sign-in failed: ${result.error}`);
  return result.cookie;
}

/** GET a page: 200 with its HTML, or where it redirects to. */
async function page(app: App, pathname: string, cookie?: string) {
  const res = await fetch(`${app.url}${pathname}`, {
    headers: cookie ? { Cookie: cookie } : {},
    redirect: "manual",
  });
  const html = await res.text();
  return { status: res.status, html, location: res.headers.get("location") };
}

async function addOperator(app: App, name = "Olive Ops") {
  const email = `ops-${randomBytes(4).toString("hex")}@vendor.example`;
  const { operatorId, password } = await app.cli("operator", "add", "--email", email, "--name", name);
  return { operatorId: operatorId!, password: password!, email };
}

async function company(app: App, name: string, email = `admin-${randomBytes(4).toString("hex")}@c.example`) {
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

describe.each(testDatabases())("the operator console on %s", (kind) => {
  let app: App;

  beforeAll(async () => {
    app = await startApp(kind, { env: ENV });
  });
  afterAll(() => app?.stop());

  it("CLI: adds an operator with a generated password shown once, lists, resets and removes them", async () => {
    const email = `Olive.${randomBytes(3).toString("hex")}@Vendor.example`;
    const added = await cli(app, "operator", "add", "--email", email, "--name", "Olive Ops");
    expect(added.code).toBe(0);
    const { operatorId, password } = added.out as { operatorId: string; password: string };
    expect(Object.keys(added.out).sort()).toEqual(["operatorId", "password"]);
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

    // Only an argon2id hash is kept; the password is nowhere in the database.
    const [row] = await queryRows<Record<string, unknown>>(
      app.database,
      `SELECT * FROM "Operator" WHERE id = ?`,
      [operatorId],
    );
    expect(String(row!.passwordHash)).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row)).not.toContain(password);

    const listed = await cli(app, "operator", "list");
    const operators = listed.out.operators as Record<string, unknown>[];
    expect(operators.find((o) => o.operatorId === operatorId)).toMatchObject({
      email,
      name: "Olive Ops",
      lastSignInAt: null,
      activeSessions: 0,
    });
    expect(JSON.stringify(listed.out)).not.toContain(password);

    // One operator per email, whatever its case; bad input is refused with a message.
    const twice = await cli(app, "operator", "add", "--email", email.toLowerCase(), "--name", "Again");
    expect(twice).toEqual({ code: 1, out: { error: "An operator with this email already exists" } });
    expect((await cli(app, "operator", "add", "--email", "not-an-email", "--name", "X")).out).toEqual({
      error: "Enter a valid email address",
    });

    // A new password: the old one stops working, the new one works.
    const reset = await cli(app, "operator", "reset-password", "--email", email);
    const fresh = String(reset.out.password);
    expect(fresh).not.toBe(password);
    expect((await operatorSignIn(app, email, password)).cookie).toBeNull();
    expect((await operatorSignIn(app, email, fresh)).cookie).not.toBeNull();
    expect((await cli(app, "operator", "list")).out.operators).toContainEqual(
      expect.objectContaining({ operatorId, activeSessions: 1, lastSignInAt: expect.any(String) }),
    );

    const removed = await cli(app, "operator", "remove", "--operator-id", operatorId);
    expect(removed.out).toEqual({ removed: operatorId, sessionsEnded: 1 });
    expect(
      ((await cli(app, "operator", "list")).out.operators as { operatorId: string }[]).map(
        (o) => o.operatorId,
      ),
    ).not.toContain(operatorId);
    expect(await cli(app, "operator", "remove", "--email", email)).toEqual({
      code: 1,
      out: { error: `No operator with email ${email}` },
    });
  });

  it("signs in with the right password only, keeps only a hash of the session token, and signs out", async () => {
    const op = await addOperator(app);
    const empty = await operatorSignIn(app, "", "");
    expect(empty.cookie).toBeNull();
    expect(empty.state?.fieldErrors).toEqual({ email: "Enter your email", password: "Enter your password" });

    const wrong = await operatorSignIn(app, op.email, "not the password");
    expect(wrong.cookie).toBeNull();
    expect(wrong.state).toEqual({ error: "Wrong email or password", fieldErrors: {}, email: op.email });
    const nobody = await operatorSignIn(app, "nobody@vendor.example", op.password);
    expect(nobody.state?.error).toBe("Wrong email or password");

    const signedIn = await operatorSignIn(app, op.email.toUpperCase(), op.password);
    expect(signedIn.reply.redirect).toMatch(/^\/operator(;|$)/);
    const sessionHeader = signedIn.reply.setCookies.find((c) => c.startsWith("rollcall-operator="))!;
    expect(sessionHeader).toMatch(/HttpOnly/i);
    expect(sessionHeader).toMatch(/SameSite=Lax/i);
    const cookie = signedIn.cookie!;
    const token = cookie.slice("rollcall-operator=".length);
    const sessions = await queryRows<{ tokenHash: string }>(
      app.database,
      `SELECT "tokenHash" FROM "OperatorSession" WHERE "operatorId" = ?`,
      [op.operatorId],
    );
    expect(sessions).toEqual([{ tokenHash: createHash("sha256").update(token).digest("hex") }]);

    const console = await page(app, "/operator", cookie);
    expect(console.status).toBe(200);
    expect(console.html).toContain(op.email);
    // Signed in already: the sign-in page goes to the console.
    expect((await page(app, "/operator/signin", cookie)).location).toMatch(/\/operator$/);

    const out = await callAction(app.url, "operatorSignOutAction", [], { cookie });
    expect(out.redirect).toMatch(/^\/operator\/signin/);
    expect((await page(app, "/operator", cookie)).location).toMatch(/\/operator\/signin$/);
    expect(
      await queryRows(app.database, `SELECT id FROM "OperatorSession" WHERE "operatorId" = ?`, [
        op.operatorId,
      ]),
    ).toEqual([]);
  });

  it("throttles sign-in like administrators' (checked before the password), with counters of its own", async () => {
    // An operator and an administrator with one email: guessing one's password never pauses the other.
    const shared = `shared-${randomBytes(4).toString("hex")}@vendor.example`;
    const { operatorId, password } = await app.cli("operator", "add", "--email", shared, "--name", "Shared");
    const admin = await company(app, "Shared Email Co", shared);
    const address = newAddress();

    // A parallel burst gets at most SIGNIN_MAX_FAILURES (3) password checks.
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) => operatorSignIn(app, shared, `wrong ${i}`, address)),
    );
    const checked = burst.filter((b) => b.state?.error === "Wrong email or password");
    expect(checked.length).toBeGreaterThanOrEqual(1);
    expect(checked.length).toBeLessThanOrEqual(3);
    expect(
      burst.filter((b) => b.state?.error?.startsWith("Too many wrong passwords")).length,
    ).toBeGreaterThan(0);

    // The right password from that address is paused too; from another address it works.
    const paused = await operatorSignIn(app, shared, password!, address);
    expect(paused.cookie).toBeNull();
    expect(paused.state?.error).toMatch(/^Too many wrong passwords/);
    expect((await operatorSignIn(app, shared, password!, newAddress())).cookie).not.toBeNull();

    // The administrator with the same email, from the same address, is not held back.
    const asAdmin = await credentialsSignIn(app, shared, admin.password, {
      headers: { "X-Forwarded-For": address },
    });
    expect("cookie" in asAdmin).toBe(true);

    // The failures were counted under the operator's keys; the administrator's hold nothing.
    const counters = await queryRows<{ key: string; count: number }>(
      app.database,
      `SELECT key, count FROM "RateCounter" WHERE key LIKE ?`,
      [`%${shared}%`],
    );
    const total = (prefix: string) =>
      counters.filter((c) => c.key.startsWith(`${prefix}:`)).reduce((n, c) => n + Number(c.count), 0);
    expect(total("signin-operator-pair")).toBe(checked.length);
    expect(total("signin-operator-email")).toBe(checked.length);
    expect(total("signin-pair")).toBe(0);
    expect(total("signin-email")).toBe(0);
    expect(operatorId).toBeTruthy();
  });

  it("never opens the console to a tenant administrator, nor a tenant's pages to an operator", async () => {
    const t = await company(app, "Wall Co");
    const admin = await adminCookie(app, t.email, t.password);
    const op = await addOperator(app);
    const operator = await operatorCookie(app, op.email, op.password);

    for (const path of [
      "/operator",
      "/operator/api-keys",
      "/operator/webhooks",
      "/operator/applications",
      "/operator/applications/rcc_AAAAAAAAAAAAAAAAAAAAAA",
      "/operator/events",
    ]) {
      const res = await page(app, path, admin);
      expect(res.status, path).toBe(307);
      expect(res.location, path).toMatch(/\/operator\/signin$/);
    }
    const keysBefore = await queryRows(app.database, `SELECT id FROM "ApiKey"`);
    const forged = await callFormAction(
      app.url,
      "createApiKeyAction",
      { fieldErrors: {}, error: null, created: null, values: { name: "", scopes: [] } },
      { name: "by an admin", scopes: ["tenants:write"] },
      { cookie: admin },
    );
    expect(forged.redirect).toMatch(/^\/operator\/signin/);
    expect(await callAction(app.url, "revokeApiKeyAction", ["x"], { cookie: admin })).toMatchObject({
      redirect: expect.stringMatching(/^\/operator\/signin/),
    });
    expect(await queryRows(app.database, `SELECT id FROM "ApiKey"`)).toEqual(keysBefore);
    const hook = await callAction(
      app.url,
      "addWebhookEndpointAction",
      [{ url: "https://93.184.215.14/hook", description: "", tenantId: "", eventTypes: [] }],
      { cookie: admin },
    );
    expect(hook.redirect).toMatch(/^\/operator\/signin/);
    expect(await queryRows(app.database, `SELECT id FROM "WebhookEndpoint"`)).toEqual([]);
    const appsBefore = await queryRows(app.database, `SELECT id FROM "Application"`);
    const registered = await callAction(
      app.url,
      "createApplicationAction",
      [
        {
          name: "by an admin",
          redirectUris: "https://evil.example/cb",
          postLogoutRedirectUris: "",
          tenantIds: "",
          public: false,
        },
      ],
      { cookie: admin },
    );
    expect(registered.redirect).toMatch(/^\/operator\/signin/);
    expect(await queryRows(app.database, `SELECT id FROM "Application"`)).toEqual(appsBefore);
    for (const action of ["rotateApplicationSecretAction", "removeApplicationAction"]) {
      const reply = await callAction(app.url, action, ["rcc_AAAAAAAAAAAAAAAAAAAAAA", true], {
        cookie: admin,
        page: "/operator/applications/rcc_AAAAAAAAAAAAAAAAAAAAAA",
      });
      expect(reply.redirect, action).toMatch(/^\/operator\/signin/);
    }

    for (const path of ["/dashboard", "/users", "/settings/team"]) {
      const res = await page(app, path, operator);
      expect(res.status, path).toBe(307);
      expect(res.location, path).toMatch(/\/signin$/);
    }
    expect((await page(app, "/account", operator)).location).toMatch(/\/login$/);
    const csv = await fetch(`${app.url}/api/export/users.csv`, { headers: { Cookie: operator } });
    expect(csv.status).toBe(401);
    const action = await callAction(app.url, "setAdminViewAction", ["advanced"], { cookie: operator });
    expect(action.redirect).toMatch(/^\/signin/);
    const session = await fetch(`${app.url}/api/auth/session`, { headers: { Cookie: operator } });
    expect(await session.json()).toEqual({});
    // Both cookies at once: each side still sees only its own.
    expect((await page(app, "/operator", `${admin}; ${operator}`)).status).toBe(200);
    expect((await page(app, "/dashboard", `${admin}; ${operator}`)).status).toBe(200);
  });

  it("ends a removed operator's sessions, and those of one whose password was reset, at the next request", async () => {
    const op = await addOperator(app);
    const [a, b] = [
      await operatorCookie(app, op.email, op.password),
      await operatorCookie(app, op.email, op.password),
    ];
    expect((await page(app, "/operator", a)).status).toBe(200);
    await app.cli("operator", "reset-password", "--operator-id", op.operatorId);
    expect((await page(app, "/operator", a)).location).toMatch(/\/operator\/signin$/);
    expect((await page(app, "/operator", b)).location).toMatch(/\/operator\/signin$/);

    const again = await addOperator(app);
    const c = await operatorCookie(app, again.email, again.password);
    expect((await page(app, "/operator/api-keys", c)).status).toBe(200);
    const { sessionsEnded } = await app.cli<{ sessionsEnded: number }>(
      "operator",
      "remove",
      "--email",
      again.email,
    );
    expect(sessionsEnded).toBe(1);
    expect((await page(app, "/operator/api-keys", c)).location).toMatch(/\/operator\/signin$/);
    const action = await callAction(app.url, "revokeApiKeyAction", ["x"], { cookie: c });
    expect(action.redirect).toMatch(/^\/operator\/signin/);
  });

  it("creates an API key in the console that works against /api/v1, shown once, and revokes it", async () => {
    const op = await addOperator(app);
    const cookie = await operatorCookie(app, op.email, op.password);
    const initial = { fieldErrors: {}, error: null, created: null, values: { name: "", scopes: [] } };

    const invalid = await callFormAction(app.url, "createApiKeyAction", initial, { name: " " }, { cookie });
    expect(invalid.value).toMatchObject({
      fieldErrors: { name: "Name the key", scopes: "Choose at least one scope" },
      created: null,
    });
    const unknownScope = await callFormAction(
      app.url,
      "createApiKeyAction",
      initial,
      { name: "Sync", scopes: ["directory:read", "admin:all"] },
      { cookie },
    );
    expect(unknownScope.value).toMatchObject({
      fieldErrors: { scopes: "Choose scopes from the list" },
      values: { name: "Sync", scopes: ["directory:read", "admin:all"] },
    });

    const created = await callFormAction(
      app.url,
      "createApiKeyAction",
      initial,
      { name: "Directory sync", scopes: ["directory:read", "events:read"] },
      { cookie },
    );
    const { keyId, key } = (created.value as { created: { keyId: string; key: string } }).created;
    expect(key).toMatch(/^rck_[A-Za-z0-9_-]{43}$/);
    expect((await api(app, key, "GET", "/tenants")).status).toBe(200);
    expect((await api(app, key, "GET", "/events?after=now")).status).toBe(200);
    expect((await api(app, key, "POST", "/tenants", { name: "X", adminEmail: "x@x.example" })).status).toBe(
      403,
    );

    const listed = await page(app, "/operator/api-keys", cookie);
    expect(listed.html).toContain("Directory sync");
    expect(listed.html).toContain(key.slice(0, 10));
    expect(listed.html).not.toContain(key);

    const revoked = await callAction(app.url, "revokeApiKeyAction", [keyId], { cookie });
    expect(revoked.value).toMatchObject({ ok: true });
    expect((await api(app, key, "GET", "/tenants")).status).toBe(401);
    const [row] = await queryRows<{ revokedAt: unknown }>(
      app.database,
      `SELECT "revokedAt" FROM "ApiKey" WHERE id = ?`,
      [keyId],
    );
    expect(row!.revokedAt).not.toBeNull();
    expect((await callAction(app.url, "revokeApiKeyAction", ["no-such-key"], { cookie })).value).toEqual({
      ok: false,
      error: "No API key with id no-such-key",
      fieldErrors: { keyId: "No API key with id no-such-key" },
    });
    expect((await callAction(app.url, "revokeApiKeyAction", [{ id: 1 }], { cookie })).value).toEqual({
      ok: false,
      error: "No such API key",
      fieldErrors: {},
    });
  });

  it("manages webhook endpoints in the console: private addresses refused on the URL field, the secret shown once", async () => {
    const op = await addOperator(app);
    const cookie = await operatorCookie(app, op.email, op.password);
    const { tenantId } = await company(app, `Hooked ${randomBytes(3).toString("hex")}`);
    const add = (input: Record<string, unknown>) =>
      callAction(
        app.url,
        "addWebhookEndpointAction",
        [{ url: "", description: "", tenantId: "", eventTypes: [], ...input }],
        { cookie },
      );

    // SSRF: metadata, loopback and private targets are refused, each on the URL field.
    for (const [url, kind] of [
      ["http://169.254.169.254/latest/meta-data/", "metadata"],
      ["http://127.0.0.1:9/hook", "loopback"],
      ["http://10.1.2.3/hook", "private"],
    ]) {
      const refused = await add({ url });
      expect(refused.value, url).toEqual({
        ok: false,
        error: expect.stringContaining(`a ${kind} address: webhooks go to public addresses only`),
        fieldErrors: { url: expect.stringContaining(`a ${kind} address`) },
      });
    }
    expect((await add({ url: "" })).value).toMatchObject({
      fieldErrors: { url: "Enter the URL to send the events to" },
    });
    expect(
      (await add({ url: "https://93.184.215.14/hook", eventTypes: ["user.created", "nope"] })).value,
    ).toMatchObject({ ok: false, fieldErrors: { eventTypes: "Choose event types from the list" } });
    expect(
      (await add({ url: "https://93.184.215.14/hook", tenantId: "no-such-tenant" })).value,
    ).toMatchObject({
      ok: false,
      fieldErrors: { tenantId: "No tenant with id no-such-tenant" },
    });
    expect(await queryRows(app.database, `SELECT id FROM "WebhookEndpoint"`)).toEqual([]);

    // Added (a public address: nothing connects to it when it is added); its secret is in this answer only.
    const added = await add({
      url: "https://93.184.215.14/hook?token=abc",
      description: "Console test",
      tenantId,
      eventTypes: ["tenant.deleted"],
    });
    const { endpointId, secret } = (added.value as { data: { endpointId: string; secret: string } }).data;
    expect(secret).toMatch(/^whsec_/);
    const list = await page(app, "/operator/webhooks", cookie);
    expect(list.html).toContain("https://93.184.215.14/hook?…");
    expect(list.html).not.toContain("token=abc");
    expect(list.html).not.toContain(secret);
    const detail = await page(app, `/operator/webhooks/${endpointId}`, cookie);
    expect(detail.status).toBe(200);
    expect(detail.html).toContain("Console test");
    expect(detail.html).not.toContain(secret);
    expect((await page(app, "/operator/webhooks/no-such-endpoint", cookie)).status).toBe(404);

    const onPage = { cookie, page: `/operator/webhooks/${endpointId}` };
    const rotated = await callAction(app.url, "rotateWebhookSecretAction", [endpointId], onPage);
    expect(rotated.value).toEqual({
      ok: true,
      data: { secret: expect.stringMatching(/^whsec_/), previousSecretValidUntil: expect.any(String) },
    });
    expect((await page(app, `/operator/webhooks/${endpointId}`, cookie)).html).not.toContain(
      (rotated.value as { data: { secret: string } }).data.secret,
    );
    const replayed = async (input: Record<string, string>) =>
      (await callAction(app.url, "replayWebhookAction", [endpointId, input], onPage)).value;
    expect(await replayed({ mode: "event", eventId: "x" })).toMatchObject({
      ok: false,
      fieldErrors: { eventId: "Enter an event id: evt_ and 16 digits" },
    });
    expect(
      await replayed({ mode: "time", since: "2026-01-02T00:00", until: "2026-01-01T00:00" }),
    ).toMatchObject({ ok: false, fieldErrors: { until: "The end comes after the start" } });
    // Times are read as UTC; the filter (tenant.deleted of this tenant) leaves nothing to deliver.
    expect(await replayed({ mode: "time", since: "2020-01-01T00:00", until: "" })).toEqual({
      ok: true,
      data: { deliveries: 0 },
    });
    expect(await replayed({ mode: "ids", fromEventId: "evt_0000000000000001", toEventId: "" })).toEqual({
      ok: true,
      data: { deliveries: 0 },
    });
    const disabled = await callAction(app.url, "setWebhookEnabledAction", [endpointId, false], onPage);
    expect(disabled.value).toMatchObject({ ok: true });
    expect(await replayed({ mode: "ids", fromEventId: "evt_0000000000000001", toEventId: "" })).toEqual({
      ok: false,
      error: "The endpoint is disabled: enable it first",
      fieldErrors: {},
    });
    const removed = await callAction(app.url, "removeWebhookEndpointAction", [endpointId], onPage);
    expect(removed.value).toMatchObject({ ok: true });
    expect((await callAction(app.url, "removeWebhookEndpointAction", [endpointId], onPage)).value).toEqual({
      ok: false,
      error: `No webhook endpoint with id ${endpointId}`,
      fieldErrors: {},
    });
  });

  it("manages applications in the console: each bad redirect URI named, unknown tenants refused, the secret shown once", async () => {
    const op = await addOperator(app);
    const cookie = await operatorCookie(app, op.email, op.password);
    const { tenantId } = await company(app, `Signed In ${randomBytes(3).toString("hex")}`);
    const form = { name: "", redirectUris: "", postLogoutRedirectUris: "", tenantIds: "" };
    const register = async (input: Record<string, unknown>) =>
      (
        await callAction(app.url, "createApplicationAction", [{ ...form, public: false, ...input }], {
          cookie,
        })
      ).value;

    expect(await register({})).toMatchObject({
      ok: false,
      fieldErrors: { name: "Name the application", redirectUris: "At least one redirect URI" },
    });
    // Every bad line is named (the API's rules); blank lines do not count.
    expect(
      await register({
        name: "Acme",
        redirectUris: "https://app.example/cb\n\nhttp://app.example/cb\r\nhttps://app.example/#x",
        postLogoutRedirectUris: "not a uri",
      }),
    ).toEqual({
      ok: false,
      error: expect.any(String),
      fieldErrors: {
        redirectUris: [
          "“http://app.example/cb”: must be an absolute https:// URI without a fragment (http:// only on localhost)",
          "“https://app.example/#x”: must be an absolute https:// URI without a fragment (http:// only on localhost)",
        ].join("\n"),
        postLogoutRedirectUris:
          "“not a uri”: must be an absolute https:// URI without a fragment (http:// only on localhost)",
      },
    });
    expect(
      await register({
        name: "Acme",
        redirectUris: "https://app.example/cb",
        tenantIds: `${tenantId}\nno-such`,
      }),
    ).toMatchObject({ ok: false, fieldErrors: { tenantIds: "No tenant with id no-such" } });

    const created = (await register({
      name: "Acme",
      redirectUris: "https://app.example/cb",
      tenantIds: ` ${tenantId} `,
    })) as { ok: true; data: { clientId: string; clientSecret: string } };
    const { clientId, clientSecret } = created.data;
    expect(clientSecret).toMatch(/^rccs_/);
    expect(await register({ name: "SPA", redirectUris: "http://localhost:5173/cb", public: true })).toEqual({
      ok: true,
      data: { clientId: expect.stringMatching(/^rcc_/), clientSecret: null },
    });
    const [row] = await queryRows<{ tenantIds: string; secretHash: string }>(
      app.database,
      `SELECT "tenantIds", "secretHash" FROM "Application" WHERE id = ?`,
      [clientId],
    );
    expect(JSON.parse(row!.tenantIds)).toEqual([tenantId]);
    expect(row!.secretHash).toBe(createHash("sha256").update(clientSecret).digest("hex"));

    // The secret is in the action's answer only: no page shows it.
    const list = await page(app, "/operator/applications", cookie);
    expect(list.html).toContain(clientId);
    expect(list.html).not.toContain(clientSecret);
    const detail = await page(app, `/operator/applications/${clientId}`, cookie);
    expect(detail.status).toBe(200);
    expect(detail.html).not.toContain(clientSecret);
    expect(detail.html).not.toContain(row!.secretHash);
    expect((await page(app, "/operator/applications/rcc_AAAAAAAAAAAAAAAAAAAAAA", cookie)).status).toBe(404);
    expect((await page(app, "/operator/applications/not-a-client-id", cookie)).status).toBe(404);

    const onPage = { cookie, page: `/operator/applications/${clientId}` };
    const update = async (input: Record<string, string>) =>
      (await callAction(app.url, "updateApplicationAction", [clientId, { ...form, ...input }], onPage)).value;
    expect(await update({ name: "Acme", redirectUris: "javascript:alert(1)" })).toMatchObject({
      ok: false,
      fieldErrors: { redirectUris: expect.stringContaining("“javascript:alert(1)”: must be") },
    });
    expect(
      await update({ name: "Acme 2", redirectUris: "https://app.example/cb\nhttps://app.example/cb2" }),
    ).toMatchObject({ ok: true });
    expect(
      (await app.cli<{ applications: Record<string, unknown>[] }>("app", "list")).applications.find(
        (a) => a.clientId === clientId,
      ),
    ).toMatchObject({
      name: "Acme 2",
      redirectUris: ["https://app.example/cb", "https://app.example/cb2"],
      tenantIds: null,
    });

    const rotated = await callAction(app.url, "rotateApplicationSecretAction", [clientId, false], onPage);
    expect(rotated.value).toEqual({
      ok: true,
      data: { clientSecret: expect.stringMatching(/^rccs_/), previousSecretValidUntil: expect.any(String) },
    });
    const now = await callAction(app.url, "rotateApplicationSecretAction", [clientId, true], onPage);
    expect(now.value).toMatchObject({ ok: true, data: { previousSecretValidUntil: null } });
    expect((await page(app, `/operator/applications/${clientId}`, cookie)).html).not.toContain(
      (now.value as { data: { clientSecret: string } }).data.clientSecret,
    );

    expect((await callAction(app.url, "removeApplicationAction", [clientId], onPage)).value).toMatchObject({
      ok: true,
    });
    expect((await callAction(app.url, "removeApplicationAction", [clientId], onPage)).value).toEqual({
      ok: false,
      error: `No application with client id ${clientId}`,
      fieldErrors: {},
    });
    expect((await callAction(app.url, "removeApplicationAction", [{ id: 1 }], onPage)).value).toEqual({
      ok: false,
      error: "No such application",
      fieldErrors: {},
    });
  });

  it("pages tenants 25 at a time, in name order", async () => {
    const op = await addOperator(app);
    const cookie = await operatorCookie(app, op.email, op.password);
    const { key } = await apiKey(app, "tenants:write");
    const tag = `Paging-${randomBytes(3).toString("hex")}`;
    for (let i = 0; i < 27; i++) {
      const created = await api(app, key, "POST", "/tenants", {
        name: `${tag} ${String(i).padStart(2, "0")}`,
        adminEmail: `admin-${i}@${tag.toLowerCase()}.example`,
      });
      expect(created.status).toBe(201);
    }
    const names = (html: string) => [...html.matchAll(new RegExp(`>(${tag} \\d\\d)<`, "g"))].map((m) => m[1]);
    const first = await page(app, `/operator?q=${tag}`, cookie);
    expect(first.html.replace(/<!-- -->/g, "")).toContain("27 tenants match");
    expect(names(first.html)).toEqual(
      Array.from({ length: 25 }, (_, i) => `${tag} ${String(i).padStart(2, "0")}`),
    );
    expect(first.html).toContain("Page 1 of 2");
    const second = await page(app, `/operator?q=${tag}&page=2`, cookie);
    expect(names(second.html)).toEqual([`${tag} 25`, `${tag} 26`]);
  });

  it("shows tenants with their counts and health, found by name or id; and the events, filtered", async () => {
    const op = await addOperator(app);
    const cookie = await operatorCookie(app, op.email, op.password);
    const name = `Zephyr-${randomBytes(3).toString("hex")}`;
    const t = await provisionedTenant(app, name);
    for (const [i, active] of [true, true, false].entries()) {
      const res = await call(t, "POST", "/Users", {
        schemas: [USER],
        userName: `person${i}@zephyr.example`,
        active,
      });
      expect(res.status).toBe(201);
    }
    await call(t, "POST", "/Users", { schemas: [USER] }); // refused: no userName (an error in the log)
    await call(t, "POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "G",
    });

    const row = async (query: string) => {
      const res = await page(app, `/operator?q=${encodeURIComponent(query)}`, cookie);
      expect(res.status).toBe(200);
      const start = res.html.indexOf(`data-tenant-id="${t.tenantId}"`);
      if (start < 0) return null;
      return res.html
        .slice(start, res.html.indexOf("</tr>", start))
        .replace(/<!-- -->/g, "")
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ");
    };
    // The provisioning log is written in batches: wait for the failed request to be counted.
    let found: string | null = null;
    for (let i = 0; i < 50; i++) {
      found = await row(name.toUpperCase());
      if (found?.includes("1 error in the last hour")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(found).not.toBeNull();
    const text = found!;
    expect(text).toContain(name);
    expect(text).toMatch(/ 3 2 active /);
    expect(text).toContain("1 groups · 1 IdPs");
    expect(text).toContain("1 error in the last hour");
    expect(text).not.toContain("Last SCIM request: never");
    expect(await row(t.tenantId)).not.toBeNull();
    expect(await row("no such tenant anywhere")).toBeNull();

    await allNumbered(app);
    const events = await page(app, `/operator/events?tenant=${t.tenantId}&type=user.created`, cookie);
    expect(events.status).toBe(200);
    expect(events.html.match(/data-event-type="user\.created"/g)).toHaveLength(3);
    expect(events.html).not.toContain('data-event-type="group.created"');
    expect(events.html).toContain("person2@zephyr.example");
    const all = await page(app, `/operator/events?tenant=${t.tenantId}`, cookie);
    expect(all.html).toContain('data-event-type="tenant.created"');
    expect(all.html).toContain('data-event-type="group.created"');
    // A cursor past the oldest event: an empty page, not an error.
    expect((await page(app, `/operator/events?before=1`, cookie)).status).toBe(200);
    expect((await page(app, `/operator/events?before=nonsense&type=nonsense`, cookie)).status).toBe(200);
  });
});

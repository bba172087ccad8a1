/**
 * An application signs people in through Rollcall, in Chromium: the example application
 * (examples/oidc-app, openid-client) → Rollcall's OpenID Provider → the company's identity provider
 * (SAML 2.0, WS-Federation, OpenID Connect) → Rollcall → the application, which shows the ID token's
 * claims. The
 * company's administrator sets it up in the portal as they would: identity providers, verified
 * email domains, provisioning, and group → role mappings (Settings → Roles).
 */
import { expect, test, type Page } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { freePort } from "../scripts/lib/pg-cluster.mjs";
import { TestIdp } from "../tests/support/test-idp";
import { TestOidcIdp } from "../tests/support/test-oidc-idp";
import {
  addIdp,
  addOidcIdp,
  both,
  cli,
  enableProvisioning,
  scimClient,
  signInAtIdp,
  signUp,
  snap,
  verifyDomainInPortal,
  type ScimReply,
} from "./helpers";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const suffix = randomBytes(3).toString("hex");
const SAML_DOMAIN = `saml-${suffix}.example`;
const WSFED_DOMAIN = `wsfed-${suffix}.example`;
const OIDC_DOMAIN = `oidc-${suffix}.example`;
// Roles are the operator's and global: keys of this run only.
const EDITOR = `editor-${suffix}`;
const READER = `reader-${suffix}`;

let idp: TestIdp;
let oidcIdp: TestOidcIdp;
let example: { url: string; output: () => string; stop: () => Promise<void> };
let scim: (method: string, path: string, body?: unknown) => Promise<ScimReply>;
const ids: Record<string, string> = {};
const claimsSeen: Record<string, Claims> = {};

type Claims = Record<string, unknown> & { groups?: { id: string; name: string }[] };

async function startExample(clientId: string, clientSecret: string, port: number) {
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["examples/oidc-app/app.mjs"], {
    env: {
      ...process.env,
      ROLLCALL_ISSUER: `http://127.0.0.1:${process.env.E2E_PORT}`,
      CLIENT_ID: clientId,
      CLIENT_SECRET: clientSecret,
      PORT: String(port),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await expect.poll(() => output, { timeout: 20_000 }).toContain("listening on");
  return {
    url: `http://localhost:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The claims the example application shows after a sign-in. */
async function shownClaims(page: Page): Promise<Claims> {
  await expect(page).toHaveURL(new RegExp(`^${example.url}/callback`));
  return JSON.parse((await page.locator("body").textContent())!) as Claims;
}

async function provision(userName: string, displayName: string) {
  const created = await scim("POST", "/Users", {
    schemas: [USER],
    userName,
    displayName,
    active: true,
    emails: [{ value: userName, type: "work", primary: true }],
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** Settings → Roles: a provisioned group, or a name only the identity provider's groups claim carries. */
async function mapGroup(page: Page, group: { provisioned: string } | { claim: string }, role: string) {
  if ("provisioned" in group) {
    await page.getByLabel("Find a provisioned group").fill(group.provisioned);
    await page.getByRole("radio", { name: new RegExp(group.provisioned) }).check();
  } else {
    await page.getByRole("radio", { name: "A name from the groups claim" }).check();
    await page.getByLabel("Group name").fill(group.claim);
  }
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  const before = await page.getByTestId("role-mapping").count();
  await page.getByRole("button", { name: "Add mapping" }).click();
  await expect(page.getByTestId("role-mapping")).toHaveCount(before + 1);
}

test.describe.serial("an application signs people in through Rollcall", () => {
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    idp = await TestIdp.create();
    await idp.start();
    oidcIdp = new TestOidcIdp();
    await oidcIdp.start();
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await signUp(page, `App Sign-in Co ${suffix}`);
    await page.goto("/settings/profile");
    await page.getByLabel(/Advanced/).check();
    await expect(page.getByText("Saved")).toBeVisible();

    const connections: [() => Promise<void>, string][] = [
      [() => addIdp(page, idp, "Entra SAML", "SAML 2.0"), SAML_DOMAIN],
      [() => addIdp(page, idp, "AD FS", "WS-Federation"), WSFED_DOMAIN],
      [() => addOidcIdp(page, oidcIdp, "Okta OIDC"), OIDC_DOMAIN],
    ];
    for (const [add, domain] of connections) {
      await add();
      await page.getByLabel("Email domains").fill(domain);
      await page.getByRole("button", { name: "Save sign-in options" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
      await verifyDomainInPortal(page, domain);
    }
    const issued = await enableProvisioning(page);
    scim = scimClient(issued.tenantUrl, issued.token);
    ids.ada = await provision(`ada@${SAML_DOMAIN}`, "Ada Lovelace");
    ids.grace = await provision(`grace@${WSFED_DOMAIN}`, "Grace Hopper");
    ids.eve = await provision(`eve@${SAML_DOMAIN}`, "Eve Example");
    ids.olive = await provision(`olive@${OIDC_DOMAIN}`, "Olive Idcee");
    const engineering = await scim("POST", "/Groups", {
      schemas: [GROUP],
      displayName: "Engineering",
      members: [{ value: ids.ada }, { value: ids.grace }, { value: ids.olive }],
    });
    expect(engineering.status).toBe(201);

    // The operator's roles; the company's administrator maps groups to them.
    cli("role", "add", "--key", EDITOR, "--name", "Editor");
    cli("role", "add", "--key", READER, "--name", "Reader");
    await page.goto("/settings/roles");
    await mapGroup(page, { provisioned: "Engineering" }, EDITOR);
    await mapGroup(page, { claim: "Contractors" }, READER);
    await context.close();

    const port = await freePort();
    const app = cli(
      "app",
      "create",
      "--name",
      "Example App",
      "--redirect-uri",
      `http://localhost:${port}/callback`,
    );
    example = await startExample(app.clientId!, app.clientSecret!, port);
  });

  test.afterAll(async () => {
    await example?.stop();
    await idp?.stop();
    await oidcIdp?.stop();
    // Roles are global: the run's later specs start from none.
    for (const key of [EDITOR, READER]) cli("role", "remove", "--key", key);
  });

  test("SAML 2.0 with login_hint: the claims carry the profile, the groups and the roles", async ({
    page,
  }) => {
    await page.goto(`${example.url}/?login_hint=${encodeURIComponent(`ada@${SAML_DOMAIN}`)}`);
    await expect(page.getByRole("heading", { name: "Test IdP (SAML 2.0)" })).toBeVisible();
    await signInAtIdp(page, `ada@${SAML_DOMAIN}`, ["Contractors"]);
    const claims = await shownClaims(page);
    expect(claims).toMatchObject({
      email: `ada@${SAML_DOMAIN}`,
      email_verified: true,
      name: "Ada Lovelace",
      roles: [EDITOR, READER],
      amr: ["pwd"],
    });
    expect(claims.groups?.map((g) => g.name)).toEqual(["Engineering"]);
    expect(typeof claims.org_id).toBe("string");
    claimsSeen.saml = claims;
    await snap(page, "oidc-app-claims");
  });

  test("WS-Federation, the company found from the work email typed at Rollcall", async ({ page }) => {
    await page.goto(example.url);
    await expect(page.getByRole("heading", { name: "Sign in to Example App" })).toBeVisible();
    await both(page, "oidc-app-work-email");
    await page.getByLabel("Work email").fill(`nobody@unknown-${WSFED_DOMAIN}`);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByText(/No company sign-in is set up for this email domain/)).toBeVisible();
    await page.getByLabel("Work email").fill(`grace@${WSFED_DOMAIN}`);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: "Test IdP (WS-Federation)" })).toBeVisible();
    await signInAtIdp(page, `grace@${WSFED_DOMAIN}`);
    const claims = await shownClaims(page);
    // No groups claim this time: the role comes from the provisioned group only.
    expect(claims).toMatchObject({ email: `grace@${WSFED_DOMAIN}`, name: "Grace Hopper", roles: [EDITOR] });
  });

  test("OpenID Connect: the company's issuer vouches for the email and sends the groups and how the person signed in", async ({
    page,
  }) => {
    const saml = claimsSeen.saml!;
    await page.goto(`${example.url}/?login_hint=${encodeURIComponent(`olive@${OIDC_DOMAIN}`)}`);
    await expect(page.getByRole("heading", { name: "Test OpenID Provider" })).toBeVisible();
    await signInAtIdp(page, `olive@${OIDC_DOMAIN}`, ["Contractors"]);
    const claims = await shownClaims(page);
    expect(claims).toMatchObject({
      email: `olive@${OIDC_DOMAIN}`,
      email_verified: true,
      name: "Olive Idcee",
      org_id: saml.org_id,
      roles: [EDITOR, READER],
      // The issuer's amr, RFC 8176 values only ("x-vendor-method" is not passed on).
      amr: ["mfa", "pwd"],
    });
    expect(claims.groups?.map((g) => g.name)).toEqual(["Engineering"]);
    expect(claims.idp).not.toEqual(saml.idp);
    await snap(page, "oidc-app-claims-oidc");
  });

  test("a user deprovisioned through SCIM is refused, and the application is told", async ({ page }) => {
    const disabled = await scim("PATCH", `/Users/${ids.eve}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: false }],
    });
    expect(disabled.status).toBe(200);
    await page.goto(`${example.url}/?login_hint=${encodeURIComponent(`eve@${SAML_DOMAIN}`)}`);
    await signInAtIdp(page, `eve@${SAML_DOMAIN}`);
    await expect(page.getByText(/^Sign-in failed: access_denied/)).toBeVisible();
    const refusal = example
      .output()
      .split("\n")
      .find((l) => l.includes('"refused"'));
    expect(JSON.parse(refusal!)).toMatchObject({ refused: "access_denied" });
  });
});

import { expect, test, type Browser } from "@playwright/test";
import { TestIdp } from "../tests/support/test-idp";
import {
  addIdp,
  enableProvisioning,
  openIdpTab,
  PASSWORD,
  scimClient,
  signInAtIdp,
  signUp,
  snap,
  verifyDomainInPortal,
} from "./helpers";

const DOMAIN = "sso-e2e.example";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
let idp: TestIdp;
let tenantUrl = "";
let token = "";
let wsfedSignInUrl = "";
let adminEmail = "";
const ids: Record<string, string> = {};

const scim = (method: string, path: string, body: unknown) =>
  scimClient(tenantUrl, token)(method, path, body);

async function provision(name: string, active = true) {
  const created = await scim("POST", "/Users", {
    schemas: [USER],
    userName: `${name}@${DOMAIN}`,
    active,
    displayName: `${name[0]!.toUpperCase()}${name.slice(1)} Lovelace`,
    emails: [{ value: `${name}@${DOMAIN}`, type: "work", primary: true }],
    title: "Analyst",
  });
  expect(created.status).toBe(201);
  ids[name] = created.body.id;
}

async function setUp(browser: Browser) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  adminEmail = await signUp(page, "SSO Co");
  await page.goto("/settings/profile");
  await page.getByLabel(/Advanced/).check();
  await expect(page.getByText("Saved")).toBeVisible();

  await addIdp(page, idp, "Entra SAML", "SAML 2.0");
  await page.getByLabel("Email domains").fill(`${DOMAIN}`);
  await page.getByRole("button", { name: "Save sign-in options" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await verifyDomainInPortal(page, DOMAIN);
  ({ tenantUrl, token } = await enableProvisioning(page));
  await openIdpTab(page, "Single sign-on");
  await expect(page.getByTestId("sp-entity-id")).toContainText("/api/sso/");
  await snap(page, "sso-idp-page");

  await addIdp(page, idp, "Entra WS-Fed", "WS-Federation");
  wsfedSignInUrl = (await page.getByTestId("sp-sign-in-url").textContent())!;

  await page.goto("/settings/team");
  await page.getByLabel("Administrators may sign in through your identity provider").check();
  await expect(page.getByText("Saved")).toBeVisible();

  await provision("ada");
  await provision("dora", false);
  await provision("eve");
  await context.close();
}

test.describe.serial("single sign-on, as a provisioned user does it", () => {
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(120_000);
    idp = await TestIdp.create();
    await idp.start();
    await setUp(browser);
  });
  test.afterAll(() => idp?.stop());

  test("SAML 2.0: email on the sign-in page → identity provider → My account → sign out", async ({
    page,
  }) => {
    await page.goto("/signin");
    await page.getByRole("link", { name: "Sign in with your company account" }).click();
    await page.getByLabel("Work email").fill(`nobody@unknown-${DOMAIN}`);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByText(/No company sign-in is set up for this email domain/)).toBeVisible();

    await page.getByLabel("Work email").fill(`ada@${DOMAIN}`);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { name: "Test IdP (SAML 2.0)" })).toBeVisible();
    await signInAtIdp(page, `ada@${DOMAIN}`);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-name")).toHaveText("Ada Lovelace");
    await expect(page.getByTestId("account-profile")).toContainText("Analyst");
    await snap(page, "sso-my-account");

    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/signin$/);

    await page.goto("/account");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You are signed out.")).toBeVisible();
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login$/);
  });

  test("WS-Federation: the IdP's sign-on URL → identity provider → My account", async ({ page }) => {
    await page.goto(wsfedSignInUrl);
    await expect(page.getByRole("heading", { name: "Test IdP (WS-Federation)" })).toBeVisible();
    await signInAtIdp(page, `eve@${DOMAIN}`);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-name")).toHaveText("Eve Lovelace");
  });

  test("the company sign-in link starts at the default identity provider; an admin lands on the dashboard", async ({
    page,
    browser,
  }) => {
    const admin = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const adminPage = await admin.newPage();
    await adminPage.goto("/signin");
    await adminPage.getByLabel("Email").fill(adminEmail);
    await adminPage.getByLabel("Password").fill(PASSWORD);
    await adminPage.getByRole("button", { name: "Sign in" }).click();
    await expect(adminPage).toHaveURL(/\/dashboard$/);
    await adminPage.goto("/identity-providers");
    const link = (await adminPage.getByTestId("company-sign-in-url").textContent())!;
    await admin.close();
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Test IdP (SAML 2.0)" })).toBeVisible();
    await signInAtIdp(page, adminEmail);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByText(adminEmail)).toBeVisible();
    await page.goto("/login?company=no-such-company");
    await expect(page.getByText("This sign-in link is not ready")).toBeVisible();
  });

  test("a disabled user is refused with a page that says why", async ({ page }) => {
    await page.goto(wsfedSignInUrl);
    await signInAtIdp(page, `dora@${DOMAIN}`);
    await expect(page.getByTestId("sso-refused")).toHaveAttribute("data-reason", "disabled");
    await expect(page.getByRole("heading", { name: "Your account is disabled" })).toBeVisible();
    await snap(page, "sso-refused-disabled");
  });

  test("a user disabled through SCIM while signed in is signed out at the next request", async ({ page }) => {
    await page.goto(wsfedSignInUrl);
    await signInAtIdp(page, `eve@${DOMAIN}`);
    await expect(page.getByTestId("account-name")).toHaveText("Eve Lovelace");
    const patched = await scim("PATCH", `/Users/${ids.eve}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(patched.status).toBe(200);
    await page.reload();
    await expect(page.getByRole("heading", { name: "Your account is disabled" })).toBeVisible();
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login$/);
  });
});

import { expect, test, type Page } from "@playwright/test";
import { pemBody, testCertificate } from "../tests/support/certificates";
import {
  inviteColleague,
  mailTo,
  openIdpTab,
  PASSWORD,
  signUp,
  snap,
  submitSignUp,
  takeSecret,
  uniqueEmail,
} from "./helpers";

const TEST_CONNECTION = `/Users?filter=${encodeURIComponent('userName eq "7d4e8a8c-0f3b-4a55-9d0e-5c7b3c1f2e90"')}`;

async function testConnection(page: Page, tenantUrl: string, token: string) {
  const res = await page.request.get(`${tenantUrl}${TEST_CONNECTION}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  return { status: res.status(), type: res.headers()["content-type"], body: await res.json() };
}

async function addIdp(
  page: Page,
  {
    name,
    type,
    loginUrl,
    certificate,
  }: { name: string; type: "WS-Federation" | "SAML 2.0"; loginUrl: string; certificate: string },
) {
  await page.goto("/identity-providers/new");
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Provider type").selectOption({ label: type });
  await page.getByLabel("Login URL").fill(loginUrl);
  await page.getByLabel("Signing certificate").fill(certificate);
  await expect(page.getByTestId("certificate-preview")).toBeVisible();
}

test("an admin signs up, adds identity providers, enables provisioning and rotates its token", async ({
  page,
}) => {
  const { cert } = await testCertificate("Contoso WS-Fed signing");
  const saml = await testCertificate("Contoso SAML signing");

  await signUp(page, "Contoso Ltd");
  await expect(page.getByTestId("company-name")).toHaveText("Contoso Ltd");
  await snap(page, "dashboard");

  await page.goto("/identity-providers");
  await expect(page.getByText("No identity provider yet")).toBeVisible();
  await snap(page, "identity-providers-empty");

  await addIdp(page, {
    name: "Contoso Entra ID",
    type: "WS-Federation",
    loginUrl: "https://login.microsoftonline.com/contoso/wsfed",
    certificate: cert,
  });
  await expect(page.getByLabel("WS-Federation type")).toHaveValue("entra");
  await page.getByLabel("Make this the default identity provider").check();
  await snap(page, "identity-provider-form");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: /Contoso Entra ID/ })).toBeVisible();
  await expect(page.getByText("CN=Contoso WS-Fed signing").first()).toBeVisible();
  await openIdpTab(page, "Provisioning");
  await expect(
    page.getByText("Provisioning (SCIM) is set up in the Advanced administrator view"),
  ).toBeVisible();

  // SAML 2.0 provider with Entra's bare Base64 certificate.
  await addIdp(page, {
    name: "Contoso SAML",
    type: "SAML 2.0",
    loginUrl: "https://login.microsoftonline.com/contoso/saml2",
    certificate: pemBody(saml.cert),
  });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("CN=Contoso SAML signing").first()).toBeVisible();

  await page.goto("/identity-providers");
  await expect(page.getByRole("row")).toHaveCount(3);
  await expect(page.getByRole("row", { name: /Contoso Entra ID/ }).getByText("Default")).toBeVisible();
  await snap(page, "identity-providers");

  // Advanced view shows provisioning.
  await page.goto("/settings/profile");
  await page.getByLabel(/Advanced/).check();
  await expect(page.getByText("Saved")).toBeVisible();
  await snap(page, "profile-settings");

  await page.goto("/identity-providers");
  await page.getByRole("link", { name: "Contoso Entra ID" }).click();
  await openIdpTab(page, "Provisioning");
  await page.getByRole("button", { name: "Enable Provisioning" }).click();
  await expect(page.getByText("you won't see it again")).toBeVisible();
  await snap(page, "provisioning-token-shown-once");
  const { tenantUrl, token: first } = await takeSecret(page);
  expect(tenantUrl).toMatch(/\/api\/scim\/v2\/[a-z0-9]+$/);
  expect(first).toMatch(/^rcs_[A-Za-z0-9_-]{43}$/);

  const connection = await testConnection(page, tenantUrl, first);
  expect(connection).toMatchObject({
    status: 200,
    type: "application/scim+json",
    body: { totalResults: 0, Resources: [] },
  });

  await page.reload();
  await expect(page.getByTestId("secret-token")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(first);
  await expect(page.getByTestId("token-row")).toHaveCount(1);
  await expect(page.getByTestId("token-row").first().locator('[data-label="Last used"]')).not.toContainText(
    "Never",
  );
  await snap(page, "provisioning-enabled");

  // Rotate: both tokens work until the old one is revoked.
  await page.getByRole("button", { name: "Generate new token" }).click();
  const { token: second } = await takeSecret(page);
  expect(second).not.toBe(first);
  expect((await testConnection(page, tenantUrl, first)).status).toBe(200);
  expect((await testConnection(page, tenantUrl, second)).status).toBe(200);
  await expect(page.getByRole("button", { name: "Generate new token" })).toBeDisabled();

  const oldRow = page.getByTestId("token-row").filter({ hasText: first.slice(0, 10) });
  await oldRow.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await snap(page, "revoke-confirmation");
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(oldRow.getByText("Revoked")).toBeVisible();
  expect((await testConnection(page, tenantUrl, first)).status).toBe(401);
  expect((await testConnection(page, tenantUrl, second)).status).toBe(200);

  // Disable provisioning: every token stops.
  await page.getByRole("button", { name: "Disable provisioning" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disable provisioning" }).click();
  await expect(page.getByRole("button", { name: "Enable provisioning" })).toBeVisible();
  expect((await testConnection(page, tenantUrl, second)).status).toBe(401);

  // Sign out and back in.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await snap(page, "sign-in");
});

test("forms explain what is wrong, inline", async ({ page }) => {
  const email = await signUp(page, "Fabrikam");

  await page.goto("/identity-providers/new");
  await page.getByLabel("Display name").fill("Broken");
  await page.getByLabel("Login URL").fill("http://login.example.com/saml2");
  await page.getByLabel("Signing certificate").fill("this is not a certificate");
  await expect(page.getByText("The certificate is not valid Base64 or PEM")).toBeVisible();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("The login URL must use https://")).toBeVisible();
  await expect(page.getByLabel("Login URL")).toHaveAttribute("aria-invalid", "true");
  await snap(page, "identity-provider-form-errors");
  await page.goto("/identity-providers");
  await expect(page.getByText("No identity provider yet")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong password here");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password")).toBeVisible();

  // Sign-up does not say the email has an account (that would tell anyone who our customers'
  // admins are): it answers "check your inbox", and only the message to the address says so.
  const since = Date.now();
  await submitSignUp(page, "Fabrikam Again", email.toUpperCase());
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await snap(page, "sign-up-existing-email");
  const mail = await mailTo(email, { since });
  expect(mail.subject).toBe("You already have a Rollcall account");
});

test("a second admin joins the company through an invite link", async ({ page, browser }) => {
  await signUp(page, "Northwind");
  const colleague = uniqueEmail("colleague");
  const link = await inviteColleague(page, colleague);
  await snap(page, "administrators");

  const other = await browser.newContext();
  const second = await other.newPage();
  await second.goto(link);
  await expect(second.getByRole("heading", { name: "Join Northwind" })).toBeVisible();
  await second.getByLabel("Your name").fill("Casey Colleague");
  await second.getByLabel("Choose a password").fill(PASSWORD);
  await second.getByRole("button", { name: "Join and sign in" }).click();
  await expect(second).toHaveURL(/\/dashboard$/);
  await expect(second.getByTestId("company-name")).toHaveText("Northwind");
  await expect(second.getByTestId("admin-email")).toHaveText(colleague);

  await second.goto(link);
  await expect(second.getByText("This invite link does not work")).toBeVisible();
  await other.close();

  await page.reload();
  await expect(page.getByTestId("admin-list").getByText(colleague)).toBeVisible();
});

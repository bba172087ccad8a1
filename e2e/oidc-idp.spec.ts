import { expect, test } from "@playwright/test";
import { TestOidcIdp } from "../tests/support/test-oidc-idp";
import { both, enableProvisioning, openIdpTab, scimClient, signUp, snap } from "./helpers";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PERSON = "olive@oidc-e2e.example";

let issuer: TestOidcIdp;

test.describe.serial("an OpenID Connect identity provider, added in the portal and signed in through", () => {
  let signInUrl = "";

  test.beforeAll(async () => {
    issuer = new TestOidcIdp();
    await issuer.start();
  });
  test.afterAll(() => issuer?.stop());

  test("the admin adds it: an issuer without discovery is an inline error, then the redirect URI to register", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await signUp(page, "OIDC Co");
    await page.goto("/settings/profile");
    await page.getByLabel(/Advanced/).check();
    await expect(page.getByText("Saved")).toBeVisible();

    await page.goto("/identity-providers/new");
    await page.getByLabel("Display name").fill("Okta OIDC");
    await page.getByLabel("Provider type").selectOption({ label: "OpenID Connect" });
    // The SAML fields give way to the OpenID Connect ones.
    await expect(page.getByLabel("Signing certificate")).toHaveCount(0);
    await page.getByLabel("Issuer URL").fill(`${issuer.url}/not-an-issuer`);
    await page.getByLabel("Client ID").fill(issuer.client.clientId);
    await page.getByLabel("Client secret").fill(issuer.client.clientSecret);
    await page.getByRole("button", { name: "Save" }).click();
    const issuerError = page.locator("#oidcIssuer-error");
    await expect(issuerError).toContainText("HTTP 404 for /.well-known/openid-configuration");
    await expect(page.getByLabel("Issuer URL")).toHaveAttribute("aria-invalid", "true");
    await both(page, "oidc-idp-form-error");

    await page.getByLabel("Issuer URL").fill(issuer.url);
    // The secret field keeps what was typed (the form is not reset after an error).
    await expect(page.getByLabel("Client secret")).toHaveValue(issuer.client.clientSecret);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { name: "Okta OIDC" })).toBeVisible();
    await expect(page.getByText("Stored (encrypted)")).toBeVisible();
    await expect(page.getByText(issuer.client.clientSecret)).toHaveCount(0);
    await openIdpTab(page, "Single sign-on");
    const redirectUri = (await page.getByTestId("sp-redirect-uri").textContent())!;
    expect(redirectUri).toMatch(/\/api\/sso\/[a-z0-9]+\/callback$/);
    await expect(page.getByRole("button", { name: /Copy/ }).first()).toBeVisible();
    issuer.allowRedirectUri(redirectUri);
    signInUrl = (await page.getByTestId("sp-sign-in-url").textContent())!;
    await both(page, "oidc-idp-page");

    const { tenantUrl, token } = await enableProvisioning(page);
    const created = await scimClient(tenantUrl, token)("POST", "/Users", {
      schemas: [USER],
      userName: PERSON,
      active: true,
      displayName: "Olive Idcee",
      emails: [{ value: PERSON, type: "work", primary: true }],
    });
    expect(created.status).toBe(201);

    await page.goto(page.url().replace(/\/identity-providers\/.*$/, "/identity-providers"));
    await page.getByRole("link", { name: "Okta OIDC" }).click();
    await page.getByRole("link", { name: "Edit" }).click();
    await expect(page.getByLabel("Replace client secret")).toHaveValue("");
    await snap(page, "oidc-idp-edit");
  });

  test("a provisioned person signs in through it to My account", async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto(signInUrl);
    await expect(page.getByRole("heading", { name: "Test OpenID Provider" })).toBeVisible();
    await page.getByLabel("Username").fill(PERSON);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-name")).toHaveText("Olive Idcee");
    await snap(page, "oidc-idp-my-account");
    await context.close();
  });
});

import { expect, test, type Browser, type Page } from "@playwright/test";
import { TestIdp } from "../tests/support/test-idp";
import { emailDomain, openIdpTab, publishTxt, signUp, snap, verifyDomainInPortal } from "./helpers";

const DOMAIN = "owner-e2e.example";
let idp: TestIdp;

/** Signs up a company and adds a SAML identity provider from the test IdP's metadata. */
async function companyWithIdp(browser: Browser, company: string, loginBase = idp.url) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const page = await context.newPage();
  await signUp(page, company);
  await page.goto("/identity-providers/new");
  await page.getByLabel("Display name").fill(`${company} IdP`);
  await page.getByLabel("Provider type").selectOption({ label: "SAML 2.0" });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: `${company} IdP` })).toBeVisible();
  await openIdpTab(page, "Single sign-on");
  await page.getByLabel("Federation metadata XML").fill(idp.metadataXml(loginBase));
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByRole("button", { name: "Apply to this identity provider" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("Imported.")).toBeVisible();
  const entityId = (await page.getByTestId("sp-entity-id").textContent())!;
  return { context, page, entityId };
}

async function saveDomains(page: Page, domains: string) {
  await page.getByLabel("Email domains").fill(domains);
  await page.getByRole("button", { name: "Save sign-in options" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
}

async function typeEmailAtLogin(page: Page, email: string) {
  await page.goto("/login");
  await page.getByLabel("Work email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
}

test.describe.serial("verified email domains and company sign-in links", () => {
  test.beforeAll(async () => {
    idp = await TestIdp.create();
    await idp.start();
  });
  test.afterAll(() => idp?.stop());

  test("a squatter's claim routes nobody and shows it nothing; the owner verifies in the portal and its people are routed", async ({
    browser,
    page,
  }) => {
    test.setTimeout(120_000);
    const squatter = await companyWithIdp(browser, "Squat Co");
    await saveDomains(squatter.page, DOMAIN);
    const claim = emailDomain(squatter.page, DOMAIN);
    await expect(claim.getByTestId("domain-state")).toHaveAttribute("data-state", "pending");
    await expect(claim.getByTestId("domain-record-name")).toHaveText(`_rollcall.${DOMAIN}`);
    await expect(claim.getByTestId("domain-record-value")).toHaveText(/^rollcall-verification=[0-9a-f]{32}$/);
    await expect(claim).toContainText("Last checked: never");
    // The copy buttons copy the record's name and value.
    await claim.getByRole("button", { name: "Copy the record value" }).click();
    expect(await squatter.page.evaluate(() => navigator.clipboard.readText())).toBe(
      await claim.getByTestId("domain-record-value").textContent(),
    );
    await claim.getByRole("button", { name: "Verify now" }).click();
    await expect(claim.getByTestId("domain-verify-result")).toContainText(
      "No TXT record rollcall-verification=",
    );
    await expect(claim.getByTestId("domain-state")).toHaveAttribute("data-state", "failed");
    const squatterSaw = (await claim.getByTestId("domain-status").textContent())!.replace(
      /Last checked: .*$/,
      "",
    );
    await snap(squatter.page, "domains-unverified");

    await typeEmailAtLogin(page, `ceo@${DOMAIN}`);
    await expect(page.getByText(/No company sign-in is set up for this email domain/)).toBeVisible();

    // The real owner claims the same domain: saved like any other, nothing says it is claimed.
    const owner = await companyWithIdp(browser, "Owner Co");
    await saveDomains(owner.page, DOMAIN);
    await expect(owner.page.getByText(/already|another/i)).toHaveCount(0);
    await verifyDomainInPortal(owner.page, DOMAIN);
    await expect(emailDomain(owner.page, DOMAIN)).toContainText(`People with an address at ${DOMAIN}`);
    await snap(owner.page, "domains-verified");

    // Its people go to its identity provider (the test IdP shows which service provider asked).
    await typeEmailAtLogin(page, `ceo@${DOMAIN}`);
    await expect(page.getByRole("heading", { name: "Test IdP (SAML 2.0)" })).toBeVisible();
    await expect(page.locator('input[name="audience"]')).toHaveValue(owner.entityId);

    // The squatter's page says what it said before, and Verify now finds what it found before.
    await squatter.page.reload();
    const after = emailDomain(squatter.page, DOMAIN);
    await expect(after.getByTestId("domain-state")).toHaveAttribute("data-state", "failed");
    await after.getByRole("button", { name: "Verify now" }).click();
    await expect(after.getByTestId("domain-verify-result")).toContainText(
      "No TXT record rollcall-verification=",
    );
    expect((await after.getByTestId("domain-status").textContent())!.replace(/Last checked: .*$/, "")).toBe(
      squatterSaw,
    );
    await expect(squatter.page.getByText(/Owner Co|already|another/)).toHaveCount(0);
    await squatter.context.close();
    await owner.context.close();
  });

  test("a company sign-in link names the host it continues at, and continues only when asked", async ({
    browser,
    page,
  }) => {
    test.setTimeout(120_000);
    // This IdP's login URL is on "localhost", a host nobody vouched for (127.0.0.1 is trusted here).
    const port = new URL(idp.url).port;
    const company = await companyWithIdp(browser, "Elsewhere Co", `http://localhost:${port}`);
    await company.page.getByLabel(/Create accounts at first sign-in/).check();
    await company.page.getByRole("button", { name: "Save sign-in options" }).click();
    await expect(company.page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    await company.page.goto("/identity-providers");
    const link = (await company.page.getByTestId("company-sign-in-url").textContent())!;
    await company.context.close();

    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Sign in to Elsewhere Co" })).toBeVisible();
    await expect(page.getByTestId("sso-host")).toHaveText(`localhost:${port}`);
    await expect(page).toHaveURL(link);
    await snap(page, "company-link-interstitial");
    await page.getByRole("button", { name: `Continue to localhost:${port}` }).click();
    await expect(page.getByRole("heading", { name: "Test IdP (SAML 2.0)" })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`^http://localhost:${port}/saml\\?`));
    await page.getByLabel("Username").fill("new.person@elsewhere.example");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/account$/);

    // A TXT record at a domain nobody claimed changes nothing.
    await publishTxt(`_rollcall.elsewhere.example`, ["rollcall-verification=0123"]);
    await typeEmailAtLogin(page, "someone@elsewhere.example");
    await expect(page.getByText(/No company sign-in is set up for this email domain/)).toBeVisible();
  });
});

import { expect, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const PASSWORD = "correct horse battery staple";

export function uniqueEmail(prefix = "admin"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@contoso.example`;
}

export async function signUp(page: Page, company = "Contoso", email = uniqueEmail()) {
  await page.goto("/signup");
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("Your name").fill("Alex Admin");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return email;
}

/** Saves a full-page screenshot under test-results/screenshots for people to look at. */
export async function snap(page: Page, name: string) {
  const dir = path.join("test-results", "screenshots");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/**
 * Signs up a company, switches to the advanced view, adds an identity provider (display name
 * only) and enables provisioning: the tenant URL and secret token, as the page shows them once.
 */
export async function provisionedCompany(page: Page, company: string, idpName: string) {
  await signUp(page, company);
  await page.goto("/settings/profile");
  await page.getByLabel(/Advanced/).check();
  await expect(page.getByText("Saved")).toBeVisible();
  await page.goto("/identity-providers/new");
  await page.getByLabel("Display name").fill(idpName);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: idpName })).toBeVisible();
  const idpUrl = page.url();
  await page.getByRole("button", { name: "Enable provisioning" }).click();
  const tenantUrl = (await page.getByTestId("tenant-url").textContent())!;
  const token = (await page.getByTestId("secret-token").textContent())!;
  return { tenantUrl, token, idpUrl };
}

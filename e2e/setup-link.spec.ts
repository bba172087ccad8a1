import { expect, test, type Browser, type Page } from "@playwright/test";
import Sqlite from "better-sqlite3";
import path from "node:path";
import { both, scimClient, signUp, takeSecret } from "./helpers";

/** A browser with no account and no cookie: the customer's IT person. */
async function stranger(browser: Browser) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return { context, page: await context.newPage() };
}

async function createLink(page: Page, label: string, validity = "24 hours") {
  await page.goto("/identity-providers/setup-links");
  await page.getByLabel("For whom").fill(label);
  await page.getByLabel("Valid for").selectOption({ label: validity });
  await page.getByRole("button", { name: "Create set-up link" }).click();
  return (await page.getByTestId("setup-link-url").textContent())!;
}

/** The e2e app's SQLite database (to move a link's expiry into the past). */
function expireLink(label: string) {
  const db = new Sqlite(path.join(process.env.E2E_DATA_DIR!, "rollcall.db"));
  try {
    const past = new Date(Date.now() - 1000).toISOString().replace("Z", "+00:00");
    db.prepare(`UPDATE "SetupLink" SET "expiresAt" = ? WHERE label = ?`).run(past, label);
  } finally {
    db.close();
  }
}

test("a set-up link: the IT person, with no account, adds an identity provider and enables provisioning; revoked and expired links are refused", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await signUp(page, "Setup Link Co");
  await page.goto("/identity-providers");
  await page.getByRole("link", { name: "Set-up links" }).click();
  await expect(page.getByRole("heading", { name: "Set-up links", level: 1 })).toBeVisible();
  const url = await createLink(page, "Sam from IT", "7 days");
  expect(url).toMatch(/\/setup\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId("setup-link").filter({ hasText: "Sam from IT" })).toContainText(
    "Not opened yet",
  );
  await both(page, "setup-links-admin");

  // The IT person's browser.
  const it = await stranger(browser);
  await it.page.goto(url);
  await expect(it.page.getByRole("heading", { name: "Set up sign-in for Setup Link Co" })).toBeVisible();
  await both(it.page, "setup-link-start");
  await it.page.getByRole("button", { name: "Start the set-up in this browser" }).click();
  await expect(it.page.getByText("None yet: add the first one below.")).toBeVisible();
  // Only identity providers and provisioning: no portal navigation, no other page.
  await expect(it.page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await it.page.getByLabel("Display name").fill("Contoso Entra ID");
  await it.page.getByRole("button", { name: "Add identity provider" }).click();
  await expect(it.page.getByRole("heading", { name: "Contoso Entra ID", level: 1 })).toBeVisible();
  await expect(it.page.getByText(/^Realm \(wtrealm\)/)).toBeVisible();
  await it.page.getByRole("button", { name: "Enable Provisioning" }).click();
  const issued = await takeSecret(it.page);
  expect((await scimClient(issued.tenantUrl, issued.token)("GET", "/Users")).status).toBe(200);
  await both(it.page, "setup-link-idp");
  const itPortal = await it.page.goto("/dashboard");
  expect(it.page.url()).toMatch(/\/signin/);
  expect(itPortal?.status()).toBe(200);

  // A second browser with the same link is refused.
  const other = await stranger(browser);
  await other.page.goto(url);
  await expect(other.page.getByTestId("setup-refused")).toHaveAttribute("data-state", "other-browser");
  await other.context.close();

  // The admin sees what was done, and who did it; revoking stops the link at once.
  await page.goto("/identity-providers");
  await page.getByRole("link", { name: "Contoso Entra ID" }).click();
  await expect(page.getByTestId("fact-provisioning")).toContainText("On");
  await page.goto("/identity-providers/setup-links");
  const row = page.getByTestId("setup-link").filter({ hasText: "Sam from IT" });
  await expect(row).toContainText("In use");
  await row.getByRole("button", { name: "Revoke the set-up link for Sam from IT" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke link" }).click();
  await expect(row).toContainText("Revoked");
  await it.page.goto(url);
  await expect(it.page.getByTestId("setup-refused")).toHaveAttribute("data-state", "revoked");
  await it.context.close();

  // An expired link is refused too.
  const late = await createLink(page, "Late IT");
  expireLink("Late IT");
  const third = await stranger(browser);
  await third.page.goto(late);
  await expect(third.page.getByTestId("setup-refused")).toHaveAttribute("data-state", "expired");
  await both(third.page, "setup-link-expired");
  await third.context.close();
});

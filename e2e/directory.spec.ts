import { expect, test, type Browser, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { seed } from "../tests/support/seed";
import { provisionedCompany, snap } from "./helpers";

const USERS = 1000;
const GROUPS = 50;
const state = path.join("test-results", "directory-admin.json");
let tenantUrl = "";
let token = "";

/** An admin with provisioning on and a directory of 1,000 users and 50 groups provisioned over SCIM. */
async function setUp(browser: Browser) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  ({ tenantUrl, token } = await provisionedCompany(page, "Directory Co", "Directory Entra ID"));
  await seed(tenantUrl, token, { users: USERS, groups: GROUPS });
  await context.storageState({ path: state });
  await context.close();
}

test.describe.serial("the directory, as an admin browses it", () => {
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    await setUp(browser);
  });
  test.use({ storageState: state });

  async function both(page: Page, name: string) {
    await snap(page, `${name}-1280`);
    await page.setViewportSize({ width: 390, height: 844 });
    await snap(page, `${name}-390`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "no horizontal page overflow at 390 px").toBeLessThanOrEqual(1);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  test("users: count, search, status filter, sort and pages", async ({ page }) => {
    await page.goto("/users");
    await expect(page.getByTestId("user-count")).toHaveText("1,000 users");
    await expect(page.getByTestId("users-table").locator("tbody tr")).toHaveCount(50);
    await both(page, "users");

    await page.getByLabel("Search users").fill("megan");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/q=megan/);
    const rows = page.getByTestId("users-table").locator("tbody tr");
    await expect(rows.first()).toContainText("megan");
    const count = Number((await page.getByTestId("user-count").textContent())!.replace(/\D/g, ""));
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(USERS);

    await page.goto("/users?q=engineering");
    await expect(page.getByTestId("user-count")).toHaveText(/^1\d\d users match$/);

    await page.goto("/users?status=disabled");
    await expect(page.getByTestId("user-count")).toHaveText(`${Math.ceil(USERS / 17)} users match`);

    await page.goto("/users");
    const firstAsc = await rows.first().locator("a").first().textContent();
    await page.getByTestId("users-table").getByRole("link", { name: /^User/ }).click();
    await expect(page).toHaveURL(/dir=desc/);
    expect(await rows.first().locator("a").first().textContent()).not.toBe(firstAsc);

    await page.getByRole("link", { name: "Next" }).click();
    await expect(page.getByText("Page 2 of 20")).toBeVisible();
  });

  test("a user's page shows extensions (card masked), groups and history", async ({ page }) => {
    await page.goto("/users?q=alex.wilber");
    await page.getByTestId("users-table").getByRole("link", { name: "alex.wilber@contoso.example" }).click();
    await expect(page.getByRole("heading", { name: /alex\.wilber@contoso\.example/ })).toBeVisible();
    await expect(page.getByText("department", { exact: true }).first()).toBeVisible();
    await expect(page.getByText("Sales").first()).toBeVisible();
    await expect(page.getByText("••••0000").first()).toBeVisible();
    await expect(page.locator("body")).not.toContainText("4000000");
    await expect(page.getByText("Not set", { exact: false }).first()).toBeVisible();
    await expect(page.getByText("Sales team 1")).toBeVisible();
    await expect(page.getByTestId("user-history").locator("li").first()).toContainText("POST");
    await both(page, "user");
  });

  test("groups: member counts and a group's members in pages", async ({ page }) => {
    await page.goto("/groups");
    await expect(page.getByTestId("groups-table").locator("tbody tr")).toHaveCount(50);
    const first = page.getByTestId("groups-table").getByRole("row", { name: /Sales team 1 / });
    await expect(first).toContainText("347");
    await both(page, "groups");
    await first.getByRole("link").click();
    await expect(page.getByText(/347 members/)).toBeVisible();
    await expect(page.getByTestId("members-table").locator("tbody tr")).toHaveCount(50);
    await page.getByRole("link", { name: "Next" }).click();
    await expect(page.getByText("Page 2 of 7")).toBeVisible();
    await both(page, "group");
  });

  test("the provisioning log shows requests, failures and what changed", async ({ page }) => {
    const dup = await page.request.post(`${tenantUrl}/Users`, {
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
      data: { userName: "ALEX.WILBER@contoso.example" },
    });
    expect(dup.status()).toBe(409);
    await page.waitForTimeout(500);
    await page.goto("/logs");
    await expect(page.getByTestId("log-table").locator("tbody tr")).toHaveCount(50);
    await both(page, "logs");
    await page.getByLabel("Outcome").selectOption("error");
    await page.getByRole("button", { name: "Apply" }).click();
    const failures = page.getByTestId("log-table").locator("tbody tr");
    await expect(failures).toHaveCount(1);
    await expect(failures.first()).toContainText("409");
    await expect(failures.first()).toContainText("uniqueness");
    await page.goto("/logs?resource=Group&outcome=success");
    await expect(page.getByTestId("log-table").locator("tbody tr").first()).toContainText("/Groups");
  });

  test("the audit log and the CSV export", async ({ page }) => {
    await page.goto("/audit");
    await expect(page.getByTestId("audit-table")).toContainText("turned on provisioning for");
    await both(page, "audit");
    const csv = await page.request.get("/api/export/users.csv");
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines).toHaveLength(USERS + 1);
    expect(lines[0]).toContain("userName");
    const groups = await page.request.get("/api/export/groups.csv");
    expect((await groups.text()).trim().split("\r\n")).toHaveLength(GROUPS + 1);
  });

  test("the health dashboard charts the requests and the self-test passes", async ({ page }) => {
    await page.goto("/identity-providers");
    await page.getByRole("link", { name: "Directory Entra ID" }).click();
    await page.getByRole("link", { name: "Health" }).click();
    await expect(page.getByRole("link", { name: "Health" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { name: /Provisioning health/ })).toBeVisible();
    await expect(page.getByText("Last 24 hours (per hour)")).toBeVisible();
    await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
    await expect(page.getByTestId("last-client-error")).toContainText("409");
    await expect(page.getByTestId("last-server-error")).toHaveText("No server error.");
    await page.getByRole("button", { name: "Run the self-test" }).click();
    await expect(page.getByTestId("self-test-summary")).toHaveText(/^All \d+ steps passed$/, {
      timeout: 30_000,
    });
    await both(page, "health");
    await page.goto("/users?q=selftest");
    await expect(page.getByText("No users match")).toBeVisible();
  });

  test.afterAll(() => fs.rmSync(state, { force: true }));
});

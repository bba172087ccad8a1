import { expect, test } from "@playwright/test";
import { provisionedCompany, scimClient, snap } from "./helpers";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

test("a mass disable is held, shown in a banner, and applied once the admin approves", async ({ page }) => {
  test.setTimeout(90_000);
  const { tenantUrl, token } = await provisionedCompany(page, "Guard Co", "Guard Entra ID");
  const scim = scimClient(tenantUrl, token);

  await page.goto("/settings/guard");
  await expect(page.getByText("Nothing is held.")).toBeVisible();
  await page.getByLabel("More than this many users").fill("3");
  await page.getByRole("button", { name: "Save guard settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();

  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    const res = await scim("POST", "/Users", {
      schemas: [USER],
      userName: `worker${i}@guard.example`,
      active: true,
    });
    ids.push(res.body.id);
  }
  const statuses: number[] = [];
  for (const id of ids.slice(0, 6)) {
    const res = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", path: "active", value: false }],
    });
    statuses.push(res.status);
  }
  expect(statuses).toEqual([200, 200, 200, 204, 204, 204]);

  await page.goto("/dashboard");
  await expect(page.getByTestId("guard-banner")).toContainText("3 disables/deletes");
  await page.getByTestId("guard-banner").getByRole("link", { name: "Review" }).click();
  await expect(page.getByTestId("held-changes")).toContainText("worker3@guard.example");
  await snap(page, "guard-held");

  // The identity provider re-enables worker4 after the hold: that newer state must win.
  const reenabled = await scim("PATCH", `/Users/${ids[4]}`, {
    schemas: [PATCH_OP],
    Operations: [{ op: "replace", path: "active", value: true }],
  });
  expect(reenabled.status).toBe(200);

  // Decide per user: keep worker3, then apply the rest.
  await page.getByRole("checkbox", { name: "Select the disable of worker3@guard.example" }).check();
  await page.getByRole("button", { name: "Reject 1 selected and keep the users" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Discard them" }).click();
  await expect(page.getByText("Discarded 1 held change.")).toBeVisible();
  await expect(page.getByTestId("held-changes")).not.toContainText("worker3@guard.example");
  await page.getByRole("button", { name: "Apply all 2" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Apply them" }).click();
  await expect(page.getByText("Applied 1 held change.")).toBeVisible();
  await expect(page.getByText("1 not applied: the user changed after the change was held")).toBeVisible();
  await expect(page.getByTestId("guard-banner")).toHaveCount(0);
  const activeOf = async (id: string) => (await scim("GET", `/Users/${id}`)).body.active;
  expect(await activeOf(ids[3]!)).toBe(true);
  expect(await activeOf(ids[4]!)).toBe(true);
  expect(await activeOf(ids[5]!)).toBe(false);
  await page.goto("/audit");
  await expect(page.getByText(/approved held disables and deletes \(\d+ applied/)).toBeVisible();
});

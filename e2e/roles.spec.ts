import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { both, cli, expectAccessible, provisionedCompany, scimClient } from "./helpers";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** The mapping rows, as "precedence group role" lines. */
async function mappingRows(page: Page): Promise<string[]> {
  return (await page.getByTestId("role-mapping").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
}

test.describe.serial("roles from groups", () => {
  const suffix = randomBytes(3).toString("hex");

  test("an administrator maps groups to the operator's roles and sees each user's roles", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const { tenantUrl, token } = await provisionedCompany(page, `Roles Co ${suffix}`, "Entra ID");
    const scim = scimClient(tenantUrl, token);

    // Before the operator defines any role, the page says so and offers nothing to fill in.
    await page.goto("/settings/roles");
    await expect(page.getByRole("heading", { name: "No roles are defined yet" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Add mapping" })).toHaveCount(0);
    await expectAccessible(page, "roles: none defined");
    await both(page, "roles-none-defined");

    for (const [key, name, description] of [
      ["admin", "Administrator", "Everything, billing included"],
      ["member", "Member", "Works in the application"],
      ["viewer", "Viewer", "Reads only"],
    ]) {
      cli("role", "add", "--key", key!, "--name", name!, "--description", description!);
    }

    // No groups provisioned yet: the form says so, and a claim name can still be mapped.
    await page.reload();
    await expect(page.getByRole("heading", { name: "No mappings yet" })).toBeVisible();
    await expect(page.getByText("No groups are provisioned yet")).toBeVisible();
    await expectAccessible(page, "roles: no mappings, no groups");
    await both(page, "roles-empty");

    const ada = (await scim("POST", "/Users", { schemas: [USER], userName: `ada@${suffix}.example` })).body
      .id;
    const bob = (await scim("POST", "/Users", { schemas: [USER], userName: `bob@${suffix}.example` })).body
      .id;
    const admins = (
      await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Admins", members: [{ value: ada }] })
    ).body.id;
    for (let i = 1; i <= 25; i++) {
      await scim("POST", "/Groups", { schemas: [GROUP], displayName: `Team ${String(i).padStart(2, "0")}` });
    }
    await page.reload();

    // Inline errors: no group chosen, no role chosen.
    await page.getByRole("button", { name: "Add mapping" }).click();
    await expect(page.getByText("Choose a group, or type a group name")).toBeVisible();
    await expect(page.locator("#role-error")).toHaveText("Choose a role");
    await expect(page.getByLabel("Role", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expectAccessible(page, "roles: the form's errors");

    // A provisioned group, found by name.
    await page.getByLabel("Find a provisioned group").fill("adm");
    await expect(page.getByRole("radio", { name: /Admins/ })).toBeVisible();
    await expect(page.getByRole("radio", { name: /Team 01/ })).toHaveCount(0);
    await page.getByRole("radio", { name: /Admins/ }).check();
    await page.getByLabel("Role", { exact: true }).selectOption("admin");
    await page.getByRole("button", { name: "Add mapping" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Mapped" })).toBeVisible();
    await expect(page.getByTestId("role-mapping")).toHaveCount(1);

    // A name from the groups claim, placed first.
    await page.getByRole("radio", { name: "A name from the groups claim" }).check();
    await page.getByLabel("Group name").fill("Contractors");
    await page.getByLabel("Role", { exact: true }).selectOption("viewer");
    await page.getByLabel("Precedence (optional)").fill("first");
    await page.getByRole("button", { name: "Add mapping" }).click();
    await expect(page.getByText("Give a whole number from 1")).toBeVisible();
    await expect(page.getByLabel("Group name")).toHaveValue("Contractors");
    await page.getByLabel("Precedence (optional)").fill("1");
    await page.getByRole("button", { name: "Add mapping" }).click();
    await expect(page.getByTestId("role-mapping")).toHaveCount(2);
    expect(await mappingRows(page)).toEqual([
      expect.stringMatching(/^1 Contractors claim name .*Viewer/),
      expect.stringMatching(/^2 Admins .*Administrator/),
    ]);

    // Order: move the claim name down.
    await page.getByRole("button", { name: "Move Contractors → Viewer down" }).click();
    await expect(page.getByTestId("role-mapping").first()).toContainText("Admins");

    // The default role.
    await page.getByLabel("Default role").selectOption("member");
    await page.getByRole("button", { name: "Save default role" }).click();
    await expect(page.getByText("Saved.")).toBeVisible();
    await expectAccessible(page, "roles: two mappings");
    await both(page, "roles-mapped");

    // Removing asks first; cancelling keeps it.
    await page.getByRole("button", { name: "Remove Contractors → Viewer" }).click();
    const dialog = page.getByRole("dialog", { name: /Remove the mapping Contractors → Viewer/ });
    await expect(dialog).toBeVisible();
    await expectAccessible(page, "roles: removing asks first");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByTestId("role-mapping")).toHaveCount(2);
    await page.getByRole("button", { name: "Remove Contractors → Viewer" }).click();
    await dialog.getByRole("button", { name: "Remove mapping" }).click();
    await expect(page.getByTestId("role-mapping")).toHaveCount(1);

    // Ada has the role from Admins; Bob has the default role.
    await page.goto(`/users/${ada}`);
    const roles = page.getByTestId("user-roles");
    await expect(roles.getByTestId("user-role")).toHaveCount(1);
    await expect(roles).toContainText("Administrator");
    await expect(roles).toContainText("primary");
    await expect(roles).toContainText("From the group Admins (mapping #1)");
    await expectAccessible(page, "a user's roles");
    await both(page, "roles-user");
    await page.goto(`/users/${bob}`);
    await expect(page.getByTestId("user-roles")).toContainText("The default role: no mapping matches");

    // Leaving the group takes the role away at once.
    await scim("PATCH", `/Groups/${admins}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "remove", path: `members[value eq "${ada}"]` }],
    });
    await page.goto(`/users/${ada}`);
    await expect(page.getByTestId("user-roles")).toContainText("Member");
    await expect(page.getByTestId("user-roles")).not.toContainText("Administrator");
  });

  test("the operator defines and removes roles in the console", async ({ page }) => {
    const email = `ops-roles-${suffix}@vendor.example`;
    const { password } = cli("operator", "add", "--email", email, "--name", "Rita Roles");
    await page.goto("/operator/signin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password!);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/operator$/);

    await page.getByRole("link", { name: "Roles", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Roles", level: 1 })).toBeVisible();
    const admin = page.locator('[data-testid="role-row"][data-role-key="admin"]');
    await expect(admin).toContainText("Administrator");

    await page.getByLabel("Key").fill("Billing Admin");
    await page.getByLabel("Name", { exact: true }).fill("Billing administrator");
    await page.getByRole("button", { name: "Define role" }).click();
    await expect(page.getByText("Use lower-case letters, digits and . _ : -")).toBeVisible();
    await expect(page.getByLabel("Key")).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("Key").fill("billing-admin");
    await page.getByRole("button", { name: "Define role" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Role defined" })).toBeVisible();
    await expect(page.locator('[data-role-key="billing-admin"]')).toBeVisible();
    await expectAccessible(page, "console roles");
    await both(page, "operator-roles");

    await page.getByRole("button", { name: "Remove the role Member" }).click();
    const dialog = page.getByRole("dialog", { name: /Remove the role “Member”/ });
    await expect(dialog).toContainText("One tenant maps");
    await dialog.getByRole("button", { name: "Remove role" }).click();
    await expect(page.locator('[data-role-key="member"]')).toHaveCount(0);
  });
});

import { expect, test, type Page } from "@playwright/test";
import { provisionedCompany, snap } from "./helpers";

const CUSTOM = "urn:ietf:params:scim:schemas:extension:rollcall:2.0:User";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

async function noSidewaysScroll(page: Page, name: string) {
  await snap(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, `${name}-390`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, "no horizontal page overflow at 390 px").toBeLessThanOrEqual(1);
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("a custom attribute: refused, defined from the portal in one click, provisioned, filtered, shown, exported, removed", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const { tenantUrl, token } = await provisionedCompany(page, "Attributes Co", "Okta");

  const scim = (method: string, path: string, data?: unknown) =>
    page.request.fetch(`${tenantUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/scim+json",
        "User-Agent": "Okta SCIM Client 1.0.0",
      },
      data: data === undefined ? undefined : JSON.stringify(data),
    });
  const alex = {
    schemas: [USER, CUSTOM],
    userName: "alex@attributes.example",
    [CUSTOM]: { costCentre: "4711" },
  };

  // Not defined yet: refused, naming the attribute — and the portal offers to define it.
  const refused = await scim("POST", "/Users", alex);
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { detail: string }).detail).toContain(`${CUSTOM}:costCentre`);
  await expect(async () => {
    await page.goto("/attributes");
    await expect(page.getByTestId("undefined-attributes")).toContainText(
      `Okta sent ${CUSTOM}:costCentre, which is not defined`,
      { timeout: 1000 },
    );
  }).toPass({ timeout: 10_000 });
  await noSidewaysScroll(page, "custom-attributes-undefined");

  await page.getByRole("link", { name: "Define costCentre" }).click();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("costCentre");
  await expect(page.getByLabel("Schema URN")).toHaveValue(CUSTOM);
  await page.getByLabel("Description (optional)").fill("Finance cost centre");
  await page.getByRole("button", { name: "Define attribute" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Defined" })).toContainText(`${CUSTOM}:costCentre`);
  await expect(page.getByTestId("custom-attributes")).toContainText("costCentre");
  await expect(page.getByTestId("undefined-attributes")).toHaveCount(0);

  // A bad name is answered in the form, next to the field.
  await page.getByLabel("Name", { exact: true }).fill("cost centre");
  await page.getByRole("button", { name: "Define attribute" }).click();
  await expect(page.getByText("Start with a letter; then use letters, digits, - or _")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await noSidewaysScroll(page, "custom-attributes");

  // Discovery, provisioning and filtering see it at once.
  const schemas = (await (await scim("GET", `/Schemas/${CUSTOM}`)).json()) as {
    attributes: { name: string }[];
  };
  expect(schemas.attributes.map((a) => a.name)).toEqual(["costCentre"]);
  const created = await scim("POST", "/Users", alex);
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const found = (await (
    await scim("GET", `/Users?filter=${encodeURIComponent(`${CUSTOM}:costCentre eq "4711"`)}`)
  ).json()) as { totalResults: number };
  expect(found.totalResults).toBe(1);

  await page.goto(`/users/${id}`);
  const card = page
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: "Custom attributes" }) });
  await expect(card).toContainText(CUSTOM);
  await expect(card).toContainText("costCentre");
  await expect(card).toContainText("4711");
  await noSidewaysScroll(page, "user-custom-attributes");

  const csv = await (await page.request.get("/api/export/users.csv")).text();
  const [header, row] = csv.trim().split("\r\n");
  expect(header!.split(",").at(-1)).toBe("costCentre");
  expect(row!.split(",").at(-1)).toBe("4711");

  // Removing asks first, says what happens to the stored value, then deletes both.
  await page.goto("/attributes");
  await page.getByRole("button", { name: "Remove costCentre" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove the attribute costCentre?" });
  await expect(dialog).toContainText("1 user has a value: it is deleted with the definition");
  await dialog.getByRole("button", { name: "Remove attribute and values" }).click();
  await expect(page.getByText("No custom attributes yet")).toBeVisible();
  const after = (await (await scim("GET", `/Users/${id}`)).json()) as Record<string, unknown>;
  expect(after[CUSTOM]).toBeUndefined();
});

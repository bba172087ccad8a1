import { expect, test, type Page } from "@playwright/test";
import { signUp } from "./helpers";

/** Presses Tab until `target` has focus (at most `max` times); answers how many presses it took. */
async function tabTo(page: Page, target: ReturnType<Page["getByRole"]>, max = 40): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return i;
  }
  throw new Error(`not reached with ${max} Tabs`);
}

test("keyboard only: sign-up → add an identity provider → Enable Provisioning → copy the secret", async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, "Keyboard Co");

  // Advanced view, by keyboard: Tab reaches the radio group at its checked radio, an arrow moves on.
  await page.goto("/settings/profile");
  await tabTo(page, page.getByRole("radio", { name: /^Basic/ }));
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("radio", { name: /^Advanced/ })).toBeChecked();
  await expect(page.getByText("Saved")).toBeVisible();

  // Add an identity provider: the form, typed and submitted with Enter.
  await page.goto("/identity-providers/new");
  await tabTo(page, page.getByRole("textbox", { name: "Display name" }));
  await page.keyboard.type("Entra ID");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Entra ID", level: 1 })).toBeVisible();

  // The Provisioning tab, then Enable Provisioning.
  const tab = page
    .getByRole("navigation", { name: "Identity provider" })
    .getByRole("link", { name: "Provisioning" });
  await tabTo(page, tab);
  await page.keyboard.press("Enter");
  await expect(tab).toHaveAttribute("aria-current", "page");
  const enable = page.getByRole("button", { name: "Enable Provisioning" });
  await tabTo(page, enable);
  await page.keyboard.press("Enter");

  // The secret appears in focus, selected.
  const dialog = page.getByTestId("revealed-token");
  const secret = dialog.getByRole("textbox", { name: "Provisioning secret token" });
  await expect(secret).toBeFocused();
  const token = await secret.inputValue();
  expect(token).toMatch(/^rcs_[A-Za-z0-9_-]{43}$/);

  // One Tab to its Copy button; Enter copies it.
  const copy = dialog.getByRole("button", { name: "Copy secret token" });
  expect(await tabTo(page, copy, 1)).toBe(1);
  await page.keyboard.press("Enter");
  await expect(dialog.getByText("Copied")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

  // "I have stored it" and Done, by keyboard; focus returns to the page's controls.
  await tabTo(page, dialog.getByRole("checkbox", { name: /I have stored the secret token/ }));
  await page.keyboard.press("Space");
  await tabTo(page, dialog.getByRole("button", { name: "Done" }));
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "Generate new token" })).toBeFocused();
});

import { expect, test, type Page } from "@playwright/test";
import { both, openIdpTab, signUp, takeSecret } from "./helpers";

const TABS = ["Overview", "Single sign-on", "Provisioning", "Sign-in activity", "Health"] as const;

async function advancedView(page: Page) {
  await page.goto("/settings/profile");
  await page.getByLabel(/Advanced/).check();
  await expect(page.getByText("Saved")).toBeVisible();
}

async function addWsFedIdp(page: Page, name: string) {
  await page.goto("/identity-providers/new");
  await page.getByLabel("Display name").fill(name);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  return page.url();
}

test.describe.serial("the identity provider page as tabs", () => {
  test("each tab is its own address, marked current, and the page never scrolls sideways", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await signUp(page, "Tabs Co");
    await advancedView(page);
    const idpUrl = await addWsFedIdp(page, "Entra ID");
    const tabs = page.getByRole("navigation", { name: "Identity provider" });
    await expect(tabs.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");

    for (const [tab, path] of [
      ["Overview", ""],
      ["Single sign-on", "/sso"],
      ["Provisioning", "/provisioning"],
      ["Sign-in activity", "/activity"],
      ["Health", "/health"],
    ] as const) {
      await page.goto(`${idpUrl}${path}`);
      await expect(tabs.getByRole("link", { name: tab, exact: true })).toHaveAttribute(
        "aria-current",
        "page",
      );
      await expect(tabs.locator('[aria-current="page"]')).toHaveCount(1);
      await both(page, `idp-tab-${path.slice(1) || "overview"}`);
    }
    // At 390 px the tab row scrolls within itself: every tab is reachable, the page does not move.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${idpUrl}/health`);
    await expect(tabs.getByRole("link", { name: "Health" })).toBeInViewport();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(1);
    await page.setViewportSize({ width: 1280, height: 900 });

    // WS-Federation's own words, not SAML's.
    await openIdpTab(page, "Single sign-on");
    await expect(page.getByText(/^Realm \(wtrealm\)/)).toBeVisible();
    await expect(page.getByText(/^Reply URL \(wreply\)/)).toBeVisible();
    await expect(page.getByText("Identifier (Entity ID)")).toHaveCount(0);
    await expect(page.getByText("Assertion Consumer Service")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Copy the realm (wtrealm)" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Copy the reply URL (wreply)" })).toBeVisible();
    for (const tab of TABS) await expect(tabs.getByRole("link", { name: tab, exact: true })).toBeVisible();

    // Guided set-up on the Overview: the seed's WS-Federation steps, each check from real data.
    await page.goto(idpUrl);
    const guide = page.getByTestId("guided-setup");
    await expect(guide).toHaveAttribute("data-vendor", "entra-wsfed");
    const step = (title: string) => guide.getByTestId("setup-step").filter({ hasText: title });
    await expect(step("Enable Provisioning in Rollcall")).toHaveAttribute("data-state", "waiting");
    await expect(step("Admin Credentials and Test Connection")).toHaveAttribute("data-state", "waiting");
    await expect(step("Single sign-on (WS-Federation)")).toContainText("Realm (wtrealm)");

    // A SAML identity provider offers the SAML vendors; each is its own address.
    await page.goto("/identity-providers/new");
    await page.getByLabel("Display name").fill("Okta");
    await page.getByLabel("Provider type").selectOption({ label: "SAML 2.0" });
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { name: "Okta", level: 1 })).toBeVisible();
    await expect(guide).toHaveAttribute("data-vendor", "entra-saml");
    const vendors = page.getByRole("navigation", { name: "Identity provider vendor" });
    await vendors.getByRole("link", { name: "Okta" }).click();
    await expect(guide).toHaveAttribute("data-vendor", "okta");
    await expect(vendors.getByRole("link", { name: "Okta" })).toHaveAttribute("aria-current", "page");
    await expect(guide).toContainText("Audience URI (SP Entity ID)");
    await expect(guide.getByRole("button", { name: "Copy Single sign-on URL (step 1)" })).toBeVisible();
    await both(page, "idp-guided-setup-okta");
  });

  test("the secret token: in focus, copied, downloaded, named; leaving first asks; tokens told apart", async ({
    page,
    context,
  }) => {
    test.setTimeout(180_000);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signUp(page, "Secret Co");
    await advancedView(page);
    const idpUrl = await addWsFedIdp(page, "Entra ID");
    await openIdpTab(page, "Provisioning");
    // The portal here is http://127.0.0.1: Entra would refuse its tenant URL.
    await expect(page.getByText("Entra needs a public https tenant URL")).toBeVisible();
    await expect(page.getByLabel("Token name")).toHaveAttribute("placeholder", "Entra ID token 1");
    await page.getByRole("button", { name: "Enable Provisioning" }).click();

    const dialog = page.getByTestId("revealed-token");
    await expect(dialog).toBeVisible();
    const secret = dialog.getByRole("textbox", { name: "Provisioning secret token" });
    await expect(secret).toBeFocused();
    const token = await secret.inputValue();
    expect(token).toMatch(/^rcs_[A-Za-z0-9_-]{43}$/);
    await expect(dialog).toContainText("Entra ID token 1");
    await both(page, "idp-secret-dialog");

    await dialog.getByRole("button", { name: "Copy secret token" }).click();
    await expect(dialog.getByText("Copied")).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await dialog.getByRole("button", { name: "Copy provisioning tenant URL" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/\/api\/scim\/v2\/[a-z0-9]+$/);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      dialog.getByRole("button", { name: "Download as file" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("Entra-ID-token-1.txt");
    const text = await (await download.createReadStream()).toArray();
    expect(Buffer.concat(text).toString()).toContain(`Provisioning secret token: ${token}`);

    // Escape before "I have stored it" asks first; reload asks the browser to confirm.
    await page.keyboard.press("Escape");
    await expect(dialog.getByText("The secret token is not stored yet")).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Close without storing" })).toBeVisible();
    let asked = false;
    page.once("dialog", async (d) => {
      asked = d.type() === "beforeunload";
      await d.dismiss();
    });
    await page.evaluate(() => setTimeout(() => location.reload(), 0));
    await expect.poll(() => asked).toBe(true);
    await expect(dialog).toBeVisible();
    await dialog.getByLabel(/I have stored the secret token/).check();
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();

    // The guided set-up sees it.
    await page.goto(idpUrl);
    await expect(
      page.getByTestId("setup-step").filter({ hasText: "Enable Provisioning in Rollcall" }),
    ).toHaveAttribute("data-state", "done");
    await openIdpTab(page, "Provisioning");

    // A second token, named, expiring; each row says which is which.
    await page.getByLabel("Token name").fill("Rotation 2026");
    await page.getByLabel("Expires").selectOption({ label: "In 30 days" });
    await page.getByRole("button", { name: "Generate new token" }).click();
    const second = await takeSecret(page);
    expect(second.token).not.toBe(token);
    const rows = page.getByTestId("token-row");
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: "Rotation 2026" })).toContainText("New");
    await expect(rows.filter({ hasText: "Entra ID token 1" })).toContainText("Never");
    await expect(rows.filter({ hasText: "Rotation 2026" }).getByText("Never")).toHaveCount(1);
    await expect(page.getByRole("button", { name: "Generate new token" })).toBeDisabled();
    await both(page, "idp-provisioning-tokens");

    // The revoke dialog's text is left-aligned; its button names the token.
    await page.getByRole("button", { name: "Revoke Entra ID token 1" }).click();
    const revoke = page.getByRole("dialog", { name: /Revoke Entra ID token 1/ });
    await expect(revoke).toBeVisible();
    expect(await revoke.evaluate((d) => getComputedStyle(d.querySelector("p, div div")!).textAlign)).toMatch(
      /^(left|start)$/,
    );
    await revoke.getByRole("button", { name: "Revoke token" }).click();
    await expect(rows.filter({ hasText: "Entra ID token 1" })).toContainText("Revoked");

    // Deleting says what happens to users, tokens, logs and the provisioning job.
    await page.goto(idpUrl);
    await page.getByRole("button", { name: "Delete" }).click();
    const remove = page.getByRole("dialog", { name: "Delete Entra ID?" });
    await expect(remove).toContainText("provisioned no users or groups");
    await expect(remove).toContainText("1 active secret token stops working");
    await expect(remove).toContainText("The provisioning log and the audit log keep their entries");
    await expect(remove).toContainText("provisioning job in your identity provider");
    await both(page, "idp-delete-dialog");
    await remove.getByRole("button", { name: "Cancel" }).click();
  });

  test("where the clipboard cannot be written, Copy says so and leaves the secret selected", async ({
    page,
  }) => {
    await page.addInitScript(() => {
      Object.defineProperty(navigator, "clipboard", { value: undefined });
      document.execCommand = () => false;
    });
    await signUp(page, "Plain Http Co");
    await advancedView(page);
    await addWsFedIdp(page, "Entra ID");
    await openIdpTab(page, "Provisioning");
    await page.getByRole("button", { name: "Enable Provisioning" }).click();
    const dialog = page.getByTestId("revealed-token");
    await dialog.getByRole("button", { name: "Copy secret token" }).click();
    await expect(
      dialog.getByRole("status").filter({ hasText: /Could not copy: it is selected, press (Ctrl\+C|⌘C)/ }),
    ).toBeVisible();
    const secret = dialog.getByRole("textbox", { name: "Provisioning secret token" });
    await expect(secret).toBeFocused();
    const selected = await secret.evaluate((i: HTMLInputElement) =>
      i.value.slice(i.selectionStart!, i.selectionEnd!),
    );
    expect(selected).toBe(await secret.inputValue());
    await takeSecret(page);
  });
});

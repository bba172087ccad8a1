import { expect, test, type Browser, type Page } from "@playwright/test";
import { inviteColleague, PASSWORD, signUp, uniqueEmail } from "./helpers";

/** Opens a second browser that carries a copy of this page's cookies (a stolen session cookie). */
async function copyOfSession(browser: Browser, page: Page): Promise<Page> {
  const context = await browser.newContext();
  await context.addCookies(await page.context().cookies());
  return context.newPage();
}

test("the page CSP blocks an injected inline script and event handler, and the app still works", async ({
  page,
}) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await signUp(page, "Strict CSP Ltd");
  const response = await page.goto("/settings/profile");
  const ran = await page.evaluate(async () => {
    const flags = window as unknown as Record<string, unknown>;
    // What an HTML injection would add: an element with an inline event handler ...
    document.body.insertAdjacentHTML(
      "beforeend",
      `<img id="injected-img" src="/no-such-image.png" onerror="window.__handlerRan = true">`,
    );
    const img = document.getElementById("injected-img") as HTMLImageElement;
    await new Promise((resolve) => {
      img.addEventListener("error", resolve, { once: true });
      img.addEventListener("load", resolve, { once: true });
    });
    // ... and an inline script added through the DOM.
    const script = document.createElement("script");
    script.textContent = "window.__scriptRan = true;";
    document.body.appendChild(script);
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { handler: flags.__handlerRan === true, script: flags.__scriptRan === true };
  });
  expect(ran).toEqual({ handler: false, script: false });
  expect(violations.length).toBeGreaterThanOrEqual(2);

  const csp = response!.headers()["content-security-policy"] ?? "";
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc).toMatch(/'nonce-[^']+'/);
  expect(scriptSrc).not.toContain("unsafe-inline");

  // Rollcall's own scripts carry the nonce: the page is interactive.
  await page.getByLabel(/Advanced/).check();
  await expect(page.getByText("Saved")).toBeVisible();
});

test("signing out ends the session for a copied cookie too", async ({ page, browser }) => {
  await signUp(page, "Sign Out Ltd");
  const thief = await copyOfSession(browser, page);
  await thief.goto("/dashboard");
  await expect(thief).toHaveURL(/\/dashboard$/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);

  await thief.goto("/dashboard");
  await expect(thief).toHaveURL(/\/signin$/);
  await thief.context().close();
});

test("Sign out everywhere in Profile settings ends every session of the admin", async ({ page, browser }) => {
  await signUp(page, "Everywhere Ltd");
  const other = await copyOfSession(browser, page);
  await other.goto("/users");
  await expect(other).toHaveURL(/\/users$/);

  await page.goto("/settings/profile");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/signin/);

  await other.goto("/users");
  await expect(other).toHaveURL(/\/signin$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin$/);
  await other.context().close();
});

test("removing an administrator ends their sessions at once", async ({ page, browser }) => {
  await signUp(page, "Removal Ltd");
  const colleague = uniqueEmail("leaver");
  const link = await inviteColleague(page, colleague);

  const other = await browser.newContext();
  const leaver = await other.newPage();
  await leaver.goto(link);
  await leaver.getByLabel("Your name").fill("Lee Leaver");
  await leaver.getByLabel("Choose a password").fill(PASSWORD);
  await leaver.getByRole("button", { name: "Join and sign in" }).click();
  await expect(leaver).toHaveURL(/\/dashboard$/);

  await page.reload();
  await page.getByRole("button", { name: `Remove ${colleague}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove administrator" }).click();
  await expect(page.getByTestId("admin-list").getByText(colleague)).toHaveCount(0);

  await leaver.goto("/users");
  await expect(leaver).toHaveURL(/\/signin$/);
  await leaver.getByLabel("Email").fill(colleague);
  await leaver.getByLabel("Password").fill(PASSWORD);
  await leaver.getByRole("button", { name: "Sign in" }).click();
  await expect(leaver.getByText("Wrong email or password")).toBeVisible();
  await other.close();
});

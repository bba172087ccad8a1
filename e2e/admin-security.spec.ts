import { expect, test, type Page } from "@playwright/test";
import * as OTPAuth from "otpauth";
import { callAction } from "../tests/support/actions";
import { linkIn } from "../tests/support/mailbox";
import { both, mailTo, PASSWORD, signUp, uniqueEmail } from "./helpers";

/** The code an authenticator app shows for `secret`, `ahead` periods from now. */
function codeFor(secret: string, ahead = 0): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + ahead * 30_000,
  });
}

/** Signs out and waits for the sign-in page, so the next navigation does not race it. */
async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
}

async function signInWithPassword(page: Page, email: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("an administrator turns on an authenticator app and signs in with a code, then a recovery code", async ({
  page,
}) => {
  const email = await signUp(page, "Two Step Ltd");
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await both(page, "two-factor-setup");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByLabel("Code from the app").fill(codeFor(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  const codes = page.getByTestId("recovery-codes").locator("li");
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.first().textContent())!;
  await both(page, "two-factor-recovery-codes");
  await page.setViewportSize({ width: 1280, height: 900 });

  await signOut(page);
  await signInWithPassword(page, email);
  await expect(page).toHaveURL(/\/signin\/verify$/);
  await both(page, "two-factor-verify");
  await page.setViewportSize({ width: 1280, height: 900 });
  // Nothing opens before the second step.
  await page.goto("/users");
  await expect(page).toHaveURL(/\/signin\/verify$/);
  await page.getByLabel("Code from your authenticator app").fill("000000");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("That code is not right")).toBeVisible();
  // The enrolment used this period's code: a code works once, so the next period's.
  await page.getByLabel("Code from your authenticator app").fill(codeFor(secret, 1));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await signOut(page);
  await signInWithPassword(page, email);
  await page.getByRole("button", { name: "Use a recovery code instead" }).click();
  await page.getByLabel("Recovery code").fill(recovery);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.goto("/audit");
  const table = page.getByTestId("audit-table");
  await expect(table).toContainText(`${email} signed in with a password and a recovery code`);
  await expect(table).toContainText(`${email} signed in with a password and an authenticator code`);
  await expect(table).toContainText(`${email} gave a wrong second-step code (wrong authenticator code)`);
});

test("a passkey made with Chromium's virtual authenticator signs an administrator in on its own", async ({
  page,
}) => {
  // WebAuthn takes no IP address as a relying party: on a loopback APP_URL, passkeys live at localhost.
  const local = (path: string) => new URL(path, page.url().replace("127.0.0.1", "localhost")).toString();
  const email = await signUp(page, "Passkey Ltd");
  // Signed out at 127.0.0.1: from here on the browser works at localhost.
  await signOut(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  await page.goto(local("/signin"));
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/localhost.*\/dashboard$/);
  await page.goto(local("/settings/security"));
  await page.getByLabel("Name").fill("Virtual key");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByTestId("passkey-list")).toContainText("Virtual key");
  await both(page, "two-factor-passkey");
  await page.setViewportSize({ width: 1280, height: 900 });

  await signOut(page);
  await page.goto(local("/signin"));
  await page.getByRole("button", { name: "Continue with a passkey" }).click();
  await expect(page).toHaveURL(/localhost.*\/dashboard$/);

  // With a password, the passkey is the second step.
  await signOut(page);
  await page.goto(local("/signin"));
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/signin\/verify$/);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page).toHaveURL(/localhost.*\/dashboard$/);
  await page.goto(local("/audit"));
  await expect(page.getByTestId("audit-table")).toContainText(`${email} signed in with a passkey`);
  await expect(page.getByTestId("audit-table")).toContainText(
    `${email} signed in with a password and a passkey`,
  );
});

test("a read-only administrator sees everything and can change nothing", async ({ page, browser }) => {
  await signUp(page, "Read Only Ltd");
  const viewer = uniqueEmail("viewer");
  await page.goto("/settings/team");
  await page.getByLabel("Role").selectOption("readonly");
  await page.getByLabel("Email").fill(viewer);
  const since = Date.now();
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  await expect(page.getByTestId("invite-sent")).toBeVisible();
  await expect(page.getByTestId("invite-row")).toContainText("as Read-only");
  const link = linkIn(await mailTo(viewer, { since }), "/invite/");
  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto(link);
  await other.getByLabel("Your name").fill("Val Viewer");
  await other.getByLabel("Choose a password").fill(PASSWORD);
  await other.getByRole("button", { name: "Join and sign in" }).click();
  await expect(other).toHaveURL(/\/dashboard$/);

  await other.goto("/settings/profile");
  await expect(other.getByTestId("profile-role")).toContainText("Read-only");
  await other.goto("/settings/team");
  await expect(other.getByText("Invite an administrator")).toHaveCount(0);
  await expect(other.getByTestId("team-role-notice")).toBeVisible();
  await expect(other.getByRole("button", { name: "Delete company…" })).toHaveCount(0);
  await both(other, "read-only-team");
  await other.setViewportSize({ width: 1280, height: 900 });
  await other.goto("/identity-providers");
  await expect(other.getByRole("link", { name: "Add identity provider" })).toHaveCount(0);
  await other.goto("/identity-providers/new");
  await expect(other).toHaveURL(/\/identity-providers$/);
  await other.goto("/settings/guard");
  await expect(other.getByTestId("role-disabled").first()).toBeVisible();
  await expect(other.getByRole("button", { name: "Save" })).toBeDisabled();
  await other.goto("/attributes");
  await expect(other.getByTestId("role-disabled").first()).toBeVisible();

  // Forced server actions — the requests the owner's controls send — are refused by the server.
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const origin = new URL(other.url()).origin;
  const forced: [string, unknown[]][] = [
    ["inviteAdminAction", [uniqueEmail("sneaky"), "owner"]],
    ["setAdminSsoAction", [true]],
    ["saveIdpAction", [null, { displayName: "Sneaky IdP" }]],
    ["setDefaultRoleAction", [null]],
    ["saveGuardSettingsAction", [{ enabled: false }]],
    // Even with the company's name typed right.
    ["deleteCompanyAction", ["Read Only Ltd"]],
  ];
  for (const [name, args] of forced) {
    const reply = await callAction(origin, name, args, { cookie });
    expect(reply.value, name).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Your role \(Read-only\)/),
    });
  }
  await context.close();
});

test("an owner deletes the company once its name is typed, and can no longer sign in", async ({ page }) => {
  const email = await signUp(page, "Short Lived Ltd");
  await page.goto("/settings/team");
  await page.getByRole("button", { name: "Delete company…" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete Short Lived Ltd?" });
  await expect(dialog).toContainText("cannot be restored");
  const confirm = dialog.getByRole("button", { name: "Delete company" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Type “Short Lived Ltd” to confirm").fill("Short Lived");
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel("Type “Short Lived Ltd” to confirm").fill("Short Lived Ltd");
  await both(page, "delete-company");
  await confirm.click();
  await expect(page).toHaveURL(/\/signin\?from=deleted$/);
  await expect(
    page.getByText("The company was deleted, with everything Rollcall held for it."),
  ).toBeVisible();
  await signInWithPassword(page, email);
  await expect(page.getByText("Wrong email or password")).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});

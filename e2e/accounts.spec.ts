import { expect, test } from "@playwright/test";
import { linkIn } from "../tests/support/mailbox";
import {
  both,
  expectAccessible,
  inviteColleague,
  mailTo,
  PASSWORD,
  signUp,
  submitSignUp,
  uniqueEmail,
} from "./helpers";

test("a company signs up by confirming its email address", async ({ page }) => {
  await page.goto("/signup");
  await expect(page.getByText("We send a link to it")).toBeVisible();
  await both(page, "sign-up");

  const email = uniqueEmail("founder");
  const since = Date.now();
  await submitSignUp(page, "Verified Ltd", email);
  await expect(page.getByRole("status")).toContainText(email);
  await both(page, "sign-up-check-inbox");

  const mail = await mailTo(email, { since });
  expect(mail.subject).toBe("Confirm your email to create Verified Ltd in Rollcall");
  await page.goto(linkIn(mail, "/signup/confirm/"));
  await expect(page.getByRole("heading", { name: "Create Verified Ltd" })).toBeVisible();
  await both(page, "sign-up-confirm");
  await page.getByRole("button", { name: "Confirm and sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("company-name")).toHaveText("Verified Ltd");

  // The link works once.
  await page.goto(linkIn(mail, "/signup/confirm/"));
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await both(page, "link-does-not-work");
});

test("an administrator who forgot their password resets it through a mailed link", async ({
  page,
  browser,
}) => {
  const email = await signUp(page, "Forgetful Ltd");
  const elsewhere = await browser.newContext();
  await elsewhere.addCookies(await page.context().cookies());
  const otherSession = await elsewhere.newPage();
  await otherSession.goto("/dashboard");
  await expect(otherSession).toHaveURL(/\/dashboard$/);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await both(page, "forgot-password");
  const since = Date.now();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await both(page, "forgot-password-sent");

  const link = linkIn(await mailTo(email, { since }), "/reset-password/");
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Use at least 10 characters")).toBeVisible();
  await both(page, "reset-password-error");
  await page.getByLabel("New password").fill("a fresh new password");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/signin\?/);
  await expect(page.getByText("Your password was changed.")).toBeVisible();
  await both(page, "sign-in-after-reset");

  // Every session ended with the reset, the one in the other browser too.
  await otherSession.goto("/dashboard");
  await expect(otherSession).toHaveURL(/\/signin$/);
  await elsewhere.close();

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Wrong email or password")).toBeVisible();
  await page.getByLabel("Password").fill("a fresh new password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
});

test("an invited colleague joins; invites are renewed and revoked, and leave the list once accepted", async ({
  page,
  browser,
}) => {
  await signUp(page, "Inviting Ltd");
  const colleague = uniqueEmail("joiner");
  const link = await inviteColleague(page, colleague);
  await expect(page.getByTestId("invite-sent")).toContainText(colleague);
  const row = page.getByTestId("invite-row").filter({ hasText: colleague });
  await expect(row).toContainText("Expires");

  const other = uniqueEmail("not-coming");
  await inviteColleague(page, other);
  await expect(page.getByTestId("invite-row")).toHaveCount(2);
  await both(page, "administrators-invites");
  // Inviting the same address again renews its invite: still one row for it.
  await inviteColleague(page, other);
  await expect(page.getByTestId("invite-row")).toHaveCount(2);
  await page.getByRole("button", { name: `Revoke the invite to ${other}` }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectAccessible(page, "revoke invite dialog");
  await page.getByRole("dialog").getByRole("button", { name: "Revoke invite" }).click();
  await expect(page.getByTestId("invite-row")).toHaveCount(1);

  const context = await browser.newContext();
  const joiner = await context.newPage();
  await joiner.goto(link);
  await expect(joiner.getByRole("heading", { name: "Join Inviting Ltd" })).toBeVisible();
  await both(joiner, "invite-accept");
  await joiner.getByLabel("Your name").fill("Jo Joiner");
  await joiner.getByLabel("Choose a password").fill(PASSWORD);
  await joiner.getByRole("button", { name: "Join and sign in" }).click();
  await expect(joiner).toHaveURL(/\/dashboard$/);
  await context.close();

  await page.reload();
  await expect(page.getByTestId("admin-list").getByText(colleague)).toBeVisible();
  await expect(page.getByTestId("invite-row")).toHaveCount(0);
});

test("an administrator changes their name, password and email in Profile settings", async ({ page }) => {
  const email = await signUp(page, "Profile Ltd");
  await page.goto("/settings/profile");
  await page.getByLabel("Name", { exact: true }).fill("Pat Profile");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Saved")).toBeVisible();

  const password = page.locator("form").filter({ has: page.getByLabel("New password") });
  await password.getByLabel("Current password").fill("not my password");
  await password.getByLabel("New password").fill("another long password");
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("That is not your current password")).toBeVisible();
  await password.getByLabel("Current password").fill(PASSWORD);
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed.")).toBeVisible();

  const newEmail = uniqueEmail("moved");
  const emailForm = page.locator("form").filter({ has: page.getByLabel("New email address") });
  const since = Date.now();
  await emailForm.getByLabel("New email address").fill(newEmail);
  await emailForm.getByLabel("Current password").fill("another long password");
  await emailForm.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.getByTestId("pending-email-change")).toContainText(newEmail);
  await both(page, "profile-settings-account");

  await page.goto(linkIn(await mailTo(newEmail, { since }), "/email/confirm/"));
  await both(page, "email-change-confirm");
  await page.getByRole("button", { name: "Confirm new address" }).click();
  await expect(page.getByRole("heading", { name: "Email address changed" })).toBeVisible();
  await page.goto("/settings/profile");
  await expect(page.getByTestId("profile-email")).toHaveText(newEmail);
  await expect(page.getByTestId("admin-email")).toHaveText(newEmail);
  const notice = await mailTo(email, { since, match: (m) => m.text.includes(newEmail) });
  expect(notice.subject).toBe("Your Rollcall account was changed");
});

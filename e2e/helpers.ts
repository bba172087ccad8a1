import { expect, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { linkIn, type ReceivedMail } from "../tests/support/mailbox";
import type { TestIdp } from "../tests/support/test-idp";
import type { TestOidcIdp } from "../tests/support/test-oidc-idp";

/** The operator CLI against the run's database (the one the web server uses). */
export function cli(...args: string[]): Record<string, string> {
  const out = execFileSync(
    process.execPath,
    ["node_modules/tsx/dist/cli.mjs", "scripts/rollcall.ts", ...args, "--json"],
    {
      env: {
        ...process.env,
        DATABASE_URL: `file:${path.join(process.env.E2E_DATA_DIR!, "rollcall.db")}`,
        ROLLCALL_DATA_DIR: process.env.E2E_DATA_DIR!,
        APP_URL: `http://127.0.0.1:${process.env.E2E_PORT}`,
      },
    },
  );
  return JSON.parse(out.toString()) as Record<string, string>;
}

export const PASSWORD = "correct horse battery staple";

/** A company made by the operator CLI, with its first administrator (password PASSWORD): its id. */
export function createTenant(name: string, adminEmail: string): string {
  return cli("tenant", "create", "--name", name, "--admin-email", adminEmail, "--admin-password", PASSWORD)
    .tenantId!;
}

export function uniqueEmail(prefix = "admin"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@contoso.example`;
}

/**
 * The messages to `to` at the run's test SMTP server (tests/support/smtp-server.ts): waits for the
 * first one received at or after `since` (ms) that `match` accepts.
 */
export async function mailTo(
  to: string,
  { since = 0, match = () => true }: { since?: number; match?: (mail: ReceivedMail) => boolean } = {},
): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await expect
    .poll(
      async () => {
        const res = await fetch(
          `http://127.0.0.1:${process.env.E2E_SMTP_CONTROL_PORT}/messages?to=${encodeURIComponent(to)}`,
          { headers: { Connection: "close" } },
        );
        const messages = (await res.json()) as ReceivedMail[];
        found = messages.find((m) => m.at >= since && match(m));
        return found !== undefined;
      },
      { message: `a message to ${to}`, timeout: 15_000 },
    )
    .toBe(true);
  return found!;
}

/** Fills the sign-up form and submits it (the page then says to check the inbox). */
export async function submitSignUp(page: Page, company: string, email: string) {
  await page.goto("/signup");
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("Your name").fill("Alex Admin");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: /Check your inbox|Confirm your email/ })).toBeVisible();
}

/**
 * Signs a company up as a person does: the form, then the confirmation link — from the message at
 * the test SMTP server, or shown on the page when the app sends no email — and its button.
 */
export async function signUp(page: Page, company = "Contoso", email = uniqueEmail()) {
  const since = Date.now();
  await submitSignUp(page, company, email);
  const shown = page.getByTestId("confirm-link");
  const link =
    (await shown.count()) > 0
      ? (await shown.getAttribute("href"))!
      : linkIn(await mailTo(email, { since }), "/signup/confirm/");
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm and sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return email;
}

/** Invites a colleague on the Administrators page; the link they get (mailed, or shown without SMTP). */
export async function inviteColleague(page: Page, email: string): Promise<string> {
  const since = Date.now();
  await page.goto("/settings/team");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const shown = page.getByTestId("invite-link");
  await expect(page.getByTestId("invite-sent").or(shown)).toBeVisible();
  if ((await shown.count()) > 0) return (await shown.textContent())!;
  return linkIn(await mailTo(email, { since }), "/invite/");
}

/** Saves a full-page screenshot under test-results/screenshots for people to look at. */
export async function snap(page: Page, name: string) {
  const dir = path.join("test-results", "screenshots");
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

/**
 * Signs up a company, switches to the advanced view, adds an identity provider (display name
 * only) and enables provisioning: the tenant URL and secret token, as the page shows them once.
 */
export async function provisionedCompany(page: Page, company: string, idpName: string) {
  await signUp(page, company);
  await page.goto("/settings/profile");
  await page.getByLabel(/Advanced/).check();
  await expect(page.getByText("Saved")).toBeVisible();
  await page.goto("/identity-providers/new");
  await page.getByLabel("Display name").fill(idpName);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: idpName })).toBeVisible();
  const idpUrl = page.url();
  const { tenantUrl, token } = await enableProvisioning(page);
  return { tenantUrl, token, idpUrl };
}

/** Opens one tab of the identity provider page (Overview, Single sign-on, Provisioning…). */
export async function openIdpTab(page: Page, name: string) {
  const tab = page
    .getByRole("navigation", { name: "Identity provider" })
    .getByRole("link", { name, exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute("aria-current", "page");
}

/**
 * The secret token's dialog, as an admin finishes with it: reads the tenant URL and the token,
 * checks "I have stored it" and closes it.
 */
export async function takeSecret(page: Page) {
  const dialog = page.getByTestId("revealed-token");
  await expect(dialog).toBeVisible();
  const tenantUrl = await dialog.getByRole("textbox", { name: "Provisioning tenant URL" }).inputValue();
  const token = await dialog.getByRole("textbox", { name: "Provisioning secret token" }).inputValue();
  await dialog.getByLabel(/I have stored the secret token/).check();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  return { tenantUrl, token };
}

/** On an identity provider's page: the Provisioning tab, Enable Provisioning, and the secret taken. */
export async function enableProvisioning(page: Page) {
  await openIdpTab(page, "Provisioning");
  await page.getByRole("button", { name: "Enable Provisioning" }).click();
  return takeSecret(page);
}

/** Adds an identity provider by display name, then fills it from the test IdP's federation metadata. */
export async function addIdp(page: Page, idp: TestIdp, name: string, type: "SAML 2.0" | "WS-Federation") {
  await page.goto("/identity-providers/new");
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Provider type").selectOption({ label: type });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await openIdpTab(page, "Single sign-on");
  await page.getByLabel("Federation metadata XML").fill(idp.metadataXml());
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("metadata-preview")).toContainText(idp.entityId);
  await page.getByRole("button", { name: "Apply to this identity provider" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("Imported.")).toBeVisible();
  await expect(page.getByText("Sign-in is not set up yet")).toHaveCount(0);
}

/**
 * Adds an OpenID Connect identity provider in the portal, and registers its redirect URI at the
 * issuer; ends on its Single sign-on tab.
 */
export async function addOidcIdp(page: Page, issuer: TestOidcIdp, name: string) {
  await page.goto("/identity-providers/new");
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Provider type").selectOption({ label: "OpenID Connect" });
  await page.getByLabel("Issuer URL").fill(issuer.url);
  await page.getByLabel("Client ID").fill(issuer.client.clientId);
  await page.getByLabel("Client secret").fill(issuer.client.clientSecret);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await openIdpTab(page, "Single sign-on");
  issuer.allowRedirectUri((await page.getByTestId("sp-redirect-uri").textContent())!);
}

/**
 * At a test identity provider's sign-in page (SAML / WS-Federation or OpenID Connect): who signs in,
 * and the groups claim it sends.
 */
export async function signInAtIdp(page: Page, userName: string, groups: readonly string[] = []) {
  await expect(page.getByRole("heading", { name: /^Test (IdP|OpenID Provider)/ })).toBeVisible();
  await page.getByLabel("Username").fill(userName);
  if (groups.length > 0) await page.getByLabel(/Groups/).fill(groups.join(","));
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Opens a section of the operator console from its navigation: its heading, and the link marked current. */
export async function openConsoleSection(page: Page, name: string) {
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
}

export type ScimReply = { status: number; body: { id: string } & Record<string, unknown> };

/**
 * A tenant's SCIM endpoint, called as a provisioning client calls it. Each request has its own
 * connection (`Connection: close`): a spec's synchronous CLI runs can hold this process past the
 * server's keep-alive timeout, and a request sent on a socket the server closed meanwhile fails.
 */
export function scimClient(tenantUrl: string, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<ScimReply> => {
    const res = await fetch(`${tenantUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        Connection: "close",
        ...(body === undefined ? {} : { "Content-Type": "application/scim+json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as ScimReply["body"]) : { id: "" } };
  };
}

/** Publishes TXT records on the run's test DNS server (tests/support/dns-server.ts). */
export async function publishTxt(name: string, values: string[]) {
  const res = await fetch(
    `http://127.0.0.1:${process.env.E2E_DNS_CONTROL_PORT}/txt/${encodeURIComponent(name)}`,
    { method: "PUT", headers: { Connection: "close" }, body: JSON.stringify(values) },
  );
  expect(res.status).toBe(204);
}

/** An email domain on the identity provider's page (the Email domains card). */
export function emailDomain(page: Page, domain: string) {
  return page.locator(`[data-testid="email-domain"][data-domain="${domain}"]`);
}

/**
 * Proves an email domain as an admin does, on the identity provider's page: reads the TXT record
 * the page shows, publishes it at the (test) DNS, and selects Verify now.
 */
export async function verifyDomainInPortal(page: Page, domain: string) {
  const item = emailDomain(page, domain);
  const name = (await item.getByTestId("domain-record-name").textContent())!;
  const value = (await item.getByTestId("domain-record-value").textContent())!;
  await publishTxt(name, [value]);
  await item.getByRole("button", { name: "Verify now" }).click();
  await expect(item.getByTestId("domain-verify-result")).toContainText("Verified.");
  await expect(item.getByTestId("domain-state")).toHaveAttribute("data-state", "verified");
}

export type AxeViolation = { id: string; impact: string | null; help: string; targets: string[] };

/**
 * Runs axe-core (WCAG 2.1 A and AA, and axe's best practices) on the page as it is now: its
 * violations. axe is injected through the DevTools protocol, so the page's CSP stays as served.
 */
export async function axeViolations(page: Page, what: string): Promise<AxeViolation[]> {
  // Right after a server action that revalidates the page, Next.js may be re-rendering the head:
  // the document can be without its <title> for a moment. Wait for it (every page has one).
  await expect(page, `a title before axe: ${what}`).toHaveTitle(/\S/);
  const loaded = await page.evaluate(() => "axe" in window);
  if (!loaded)
    await page.evaluate(fs.readFileSync(path.join("node_modules", "axe-core", "axe.min.js"), "utf8"));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    })) as {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
  });
}

/** axe on the page as it is now: no violation at all. */
export async function expectAccessible(page: Page, what: string) {
  expect(await axeViolations(page, what), `axe: ${what}`).toEqual([]);
}

/** Screenshots at 1280 and 390 px (test-results/screenshots); at 390 no sideways page scroll, and axe. */
export async function both(page: Page, name: string) {
  await snap(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, `${name}-390`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  // What sticks out, for the failure message: elements whose right edge passes the viewport's.
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).split(" ").slice(0, 4).join(".")}`),
  );
  expect(overflow, `no horizontal page overflow at 390 px (${name}): ${wide.join(", ")}`).toBeLessThanOrEqual(
    1,
  );
  await expectAccessible(page, `${name} at 390 px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

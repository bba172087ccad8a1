import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TestIdp } from "../tests/support/test-idp";
import {
  axeViolations,
  cli,
  createTenant,
  PASSWORD,
  scimClient,
  signInAtIdp,
  snap,
  type ScimReply,
} from "./helpers";

/**
 * Every page of Rollcall, with data in it, at 1280 and 390 px: a screenshot of each
 * (test-results/screenshots/<page>-<width>.png), no sideways page scroll, no critical or serious
 * axe-core violation, and the skip link as the first thing Tab reaches.
 */

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const suffix = randomBytes(3).toString("hex");
const adminEmail = `admin-${suffix}@pages.example`;
const operatorEmail = `ops-${suffix}@vendor.example`;
const LONG_USER = `christopher.alexander.montgomery-worthington@subsidiary-${suffix}.contoso-international.example`;
let idp: TestIdp;
let tenantId = "";
let operatorPassword = "";
let scim: (method: string, path: string, body?: unknown) => Promise<ScimReply>;

/** Tab from the top of the page reaches the skip link first. */
async function expectSkipLinkFirst(page: Page, name: string) {
  await page.keyboard.press("Tab");
  await expect(page.locator(":focus"), `the skip link is the first focusable element (${name})`).toHaveText(
    "Skip to main content",
  );
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** The page at 1280 and 390 px: screenshot, no horizontal scroll, and axe. */
async function checkPage(page: Page, name: string) {
  await expectSkipLinkFirst(page, name);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await snap(page, `${name}-${width}`);
    const { scrollWidth, innerWidth, wide } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      wide: [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).split(" ").slice(0, 4).join(".")}`),
    }));
    expect
      .soft(scrollWidth, `no horizontal scroll on ${name} at ${width} px: ${wide.join(", ")}`)
      .toBeLessThanOrEqual(innerWidth);
    const violations = (await axeViolations(page, `${name} at ${width} px`)).filter(
      (v) => v.impact === "critical" || v.impact === "serious",
    );
    expect.soft(violations, `axe, critical and serious: ${name} at ${width} px`).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function visit(page: Page, url: string, name: string) {
  const response = await page.goto(url);
  expect(response?.status(), `${url} answers`).toBeLessThan(400);
  await checkPage(page, name);
}

/** The hrefs of the links `selector` matches in the main content, each once. */
async function hrefs(page: Page, selector: string): Promise<string[]> {
  const all = await page
    .locator(`main ${selector}`)
    .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  return [...new Set(all)];
}

test.describe("every page, at 1280 and 390 px", () => {
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    idp = await TestIdp.create();
    await idp.start();
    tenantId = createTenant(`Pages ${suffix}`, adminEmail);
    const certificate = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pages-")), "idp.pem");
    fs.writeFileSync(certificate, idp.cert);
    const { idpId } = cli(
      "idp",
      "add",
      "--tenant",
      tenantId,
      "--type",
      "saml",
      "--name",
      "Contoso Entra ID",
      "--login-url",
      `${idp.url}/saml`,
      "--certificate-file",
      certificate,
      "--default",
    );
    const { tenantUrl, token } = cli("provisioning", "enable", "--idp", idpId!);
    scim = scimClient(tenantUrl!, token!);
    const people = [
      ["ada", "Ada Lovelace", "Engineering", true],
      ["grace", "Grace Hopper", "Engineering", true],
      ["alan", "Alan Turing", "Research", true],
      ["dora", "Dora Disabled", "Finance", false],
    ] as const;
    const ids: string[] = [];
    for (const [name, displayName, department, active] of people) {
      const created = await scim("POST", "/Users", {
        schemas: [USER, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
        userName: `${name}@pages-${suffix}.example`,
        displayName,
        active,
        emails: [{ value: `${name}@pages-${suffix}.example`, type: "work", primary: true }],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department },
      });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    const long = await scim("POST", "/Users", { schemas: [USER], userName: LONG_USER });
    expect(long.status).toBe(201);
    ids.push(long.body.id);
    const group = await scim("POST", "/Groups", {
      schemas: [GROUP],
      displayName: "Finance and Accounting — Europe, Middle East and Africa",
      members: ids.slice(0, 3).map((value) => ({ value })),
    });
    expect(group.status).toBe(201);
    const patched = await scim("PATCH", `/Users/${ids[0]}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "replace", path: "title", value: "Analyst" },
        {
          op: "replace",
          path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
          value: "Mathematics",
        },
      ],
    });
    expect(patched.status).toBe(200);
    expect((await scim("POST", "/Users", { schemas: [USER] })).status).toBe(400);
    operatorPassword = cli("operator", "add", "--email", operatorEmail, "--name", "Pat Pages").password!;
  });
  test.afterAll(() => idp?.stop());

  test("signed out: sign-in, sign-up, forgot password, company sign-in, operator sign-in", async ({
    page,
  }) => {
    for (const [url, name] of [
      ["/signin", "signin"],
      ["/signup", "signup"],
      ["/forgot-password", "forgot-password"],
      ["/login", "login"],
      ["/operator/signin", "operator-signin"],
    ] as const)
      await visit(page, url, name);
  });

  test("Rollcall's icons and web manifest are served and named in every page's head", async ({ page }) => {
    for (const [file, type] of [
      ["/favicon.svg", "image/svg+xml"],
      ["/favicon.ico", "image/"],
      ["/icon-192.png", "image/png"],
      ["/icon-512.png", "image/png"],
      ["/apple-touch-icon.png", "image/png"],
      ["/manifest.webmanifest", "application/manifest+json"],
    ] as const) {
      const response = await page.request.get(file);
      expect(response.status(), file).toBe(200);
      expect(response.headers()["content-type"], file).toContain(type);
    }
    const manifest = (await (await page.request.get("/manifest.webmanifest")).json()) as {
      name: string;
      icons: { src: string }[];
    };
    expect(manifest.name).toBe("Rollcall");
    expect(manifest.icons.map((i) => i.src)).toEqual(
      expect.arrayContaining(["/icon-192.png", "/icon-512.png"]),
    );
    await page.goto("/signin");
    await expect(page.locator('head link[rel="icon"][href^="/favicon.svg"]')).toHaveCount(1);
    await expect(page.locator('head link[rel="apple-touch-icon"]')).toHaveAttribute(
      "href",
      /apple-touch-icon/,
    );
    await expect(page.locator('head link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  });

  test("an administrator's pages", async ({ page }) => {
    test.setTimeout(300_000);
    await page.goto("/signin");
    await page.getByLabel("Email").fill(adminEmail);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/dashboard$/);

    await visit(page, "/dashboard", "dashboard");
    await visit(page, "/identity-providers", "identity-providers");
    const [idpPage] = (await hrefs(page, 'a[href^="/identity-providers/"]')).filter(
      (h) => h !== "/identity-providers/new",
    );
    expect(idpPage, "a link to the identity provider").toBeTruthy();
    await visit(page, idpPage!, "identity-provider");
    // Its tabs and sub-pages, whatever they are: every link under the identity provider's address.
    const sub = (await hrefs(page, `a[href^="${idpPage}/"]`)).filter((h) => h !== idpPage);
    for (const href of sub)
      await visit(page, href, `identity-provider-${href.slice(idpPage!.length + 1).replace(/\W+/g, "-")}`);
    await visit(page, "/identity-providers/new", "identity-provider-new");

    await visit(page, "/users", "users");
    const [userPage] = await hrefs(page, '[data-testid="users-table"] a[href^="/users/"]');
    await visit(page, userPage!, "user");
    await visit(page, "/groups", "groups");
    const [groupPage] = await hrefs(page, '[data-testid="groups-table"] a[href^="/groups/"]');
    await visit(page, groupPage!, "group");
    await visit(page, "/logs", "logs");
    await visit(page, "/attributes", "attributes");
    await visit(page, "/audit", "audit");
    for (const section of ["profile", "team", "guard", "roles"])
      await visit(page, `/settings/${section}`, `settings-${section}`);
  });

  test("a provisioned user's My account", async ({ page }) => {
    await page.goto(`/login?company=${tenantId}`);
    await signInAtIdp(page, `ada@pages-${suffix}.example`);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { name: "My account", level: 1 })).toBeVisible();
    await checkPage(page, "account");
  });

  test("the operator console's sections", async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto("/operator/signin");
    await page.getByLabel("Email").fill(operatorEmail);
    await page.getByLabel("Password").fill(operatorPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/operator$/);
    const sections = await page
      .getByRole("navigation", { name: "Operator console" })
      .getByRole("link")
      .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(sections.length).toBeGreaterThanOrEqual(6);
    for (const href of sections)
      await visit(page, href, `operator${href.slice("/operator".length).replace(/\W+/g, "-") || "-tenants"}`);
  });

  /** An administrator signed in, on a phone-sized screen. */
  async function signInOnPhone(page: Page) {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/signin");
    await page.getByLabel("Email").fill(adminEmail);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  }

  test("at 390 px the Menu reaches every section; the skip link lands in the main content", async ({
    page,
  }) => {
    await signInOnPhone(page);
    const menu = page.getByTestId("section-menu");
    await expect(menu.getByText("Menu")).toBeVisible();
    await expect(menu).toContainText("Overview");
    await menu.locator("summary").click();
    const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
    await expect(links).toHaveCount(11);
    for (const link of await links.all()) await expect(link).toBeVisible();
    await links.filter({ hasText: "Provisioning log" }).click();
    await expect(page).toHaveURL(/\/logs$/);
    await expect(menu).not.toHaveAttribute("open");
    await expect(menu).toContainText("Provisioning log");

    // From the top of a page, Tab and Enter: the skip link moves focus to the main content.
    await page.goto("/users");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect(page.locator("main")).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Export CSV" })).toBeFocused();
  });

  test("lists: the status filter applies at once, export follows it, a page past the end says so, the log names people", async ({
    page,
  }) => {
    await signInOnPhone(page);
    await page.goto("/users");
    await page.getByLabel("Status").selectOption("disabled");
    await expect(page).toHaveURL(/status=disabled/);
    await expect(page.getByTestId("user-count")).toHaveText("1 user match");
    const exportLink = page.getByRole("link", { name: "Export these users (CSV)" });
    const csv = await (await page.request.get((await exportLink.getAttribute("href"))!)).text();
    expect(csv.trim().split("\n")).toHaveLength(2);
    expect(csv).toContain(`dora@pages-${suffix}.example`);
    // Cards below md: each value with its column's name.
    await expect(
      page.getByTestId("users-table").locator("tbody").getByText("Status", { exact: true }),
    ).toBeVisible();

    await page.goto("/users?page=9");
    await expect(page.getByRole("heading", { name: "There is no page 9" })).toBeVisible();
    await expect(page.getByText("No users yet")).toHaveCount(0);
    await page.getByRole("link", { name: "Go to the last page" }).click();
    await expect(page.getByTestId("users-table")).toContainText(`ada@pages-${suffix}.example`);

    await page.goto("/logs");
    const log = page.getByTestId("log-table");
    await expect(log.getByRole("link", { name: "User: Ada Lovelace" }).first()).toBeVisible();
    await expect(log.locator("tbody").getByText("Changes", { exact: true }).first()).toBeVisible();
    await expect(log).toContainText("Mathematics");
  });
});

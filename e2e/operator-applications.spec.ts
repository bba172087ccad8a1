/**
 * The operator console's Applications: the OpenID Provider's clients registered, changed, given a
 * new secret and deleted with forms. Whether a client secret works is asked of the token endpoint
 * itself: with a valid secret an unknown code is refused as invalid_grant (client authentication
 * passed), with any other as invalid_client.
 */
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { both, cli, createTenant, expectAccessible, openConsoleSection } from "./helpers";

type Listed = {
  clientId: string;
  name: string;
  public: boolean;
  redirectUris: string[];
  tenantIds: string[] | null;
};

/** The applications as the CLI lists them (`app list`). */
const listed = () => (cli("app", "list") as unknown as { applications: Listed[] }).applications;

async function authenticates(request: APIRequestContext, clientId: string, secret: string): Promise<boolean> {
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString(
    "base64",
  );
  const res = await request.post("/oidc/token", {
    headers: { Authorization: `Basic ${basic}` },
    form: {
      grant_type: "authorization_code",
      code: "unknown",
      redirect_uri: "https://app.example.com/callback",
      code_verifier: "v".repeat(43),
    },
  });
  const { error } = (await res.json()) as { error?: string };
  expect(["invalid_grant", "invalid_client"]).toContain(error);
  return error === "invalid_grant";
}

test.describe.serial("the operator console's applications", () => {
  const suffix = randomBytes(3).toString("hex");
  const email = `apps-${suffix}@vendor.example`;
  const name = `Acme ${suffix}`;
  let password = "";
  let tenantId = "";
  let clientId = "";
  let secret = "";

  async function signIn(page: Page) {
    await page.goto("/operator/signin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/operator$/);
  }

  const row = (page: Page, what: string) => page.getByTestId("application-row").filter({ hasText: what });

  test.beforeAll(() => {
    password = cli("operator", "add", "--email", email, "--name", "Ada Apps").password!;
    tenantId = createTenant(`Fabrikam ${suffix}`, `admin-${suffix}@fabrikam.example`);
    // The run shares one database: specs before this one (the OpenID Provider's) leave their
    // applications registered. Start from none, to see the empty state.
    for (const app of listed()) cli("app", "remove", "--client", app.clientId);
  });

  test("the empty state explains applications and gives the issuer; the form's problems are said inline", async ({
    page,
    context,
    baseURL,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signIn(page);
    await openConsoleSection(page, "Applications");
    await expect(page.getByRole("heading", { name: "No applications yet" })).toBeVisible();
    await expect(page.getByTestId("oidc-issuer")).toHaveText(baseURL!);
    await expect(page.getByTestId("oidc-discovery")).toHaveText(
      `${baseURL}/.well-known/openid-configuration`,
    );
    await page.getByRole("button", { name: "Copy the discovery URL" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      `${baseURL}/.well-known/openid-configuration`,
    );
    const discovery = await page.request.get("/.well-known/openid-configuration");
    expect(((await discovery.json()) as { issuer: string }).issuer).toBe(baseURL);
    await both(page, "operator-applications-empty");

    // Nothing filled: the name and the redirect URIs say what they need.
    const register = page.getByRole("button", { name: "Register application" });
    await register.click();
    await expect(page.locator("#name-error")).toHaveText("Name the application");
    await expect(page.locator("#redirectUris-error")).toHaveText("At least one redirect URI");

    // Each bad redirect URI is named, with the API's rule; what was typed stays.
    const uris = page.getByRole("textbox", { name: "Redirect URIs", exact: true });
    const typed = [
      "http://app.example.com/callback",
      "",
      "https://app.example.com/callback",
      "https://app.example.com/cb#fragment",
    ].join("\n");
    await page.getByRole("textbox", { name: "Name" }).fill(name);
    await uris.fill(typed);
    await page.getByRole("textbox", { name: "Allowed tenants (optional)" }).fill("no-such-tenant");
    await register.click();
    const uriError = page.locator("#redirectUris-error");
    await expect(uriError).toContainText(
      "“http://app.example.com/callback”: must be an absolute https:// URI without a fragment (http:// only on localhost)",
    );
    await expect(uriError).toContainText("“https://app.example.com/cb#fragment”: must be");
    await expect(uriError).not.toContainText("“https://app.example.com/callback”");
    await expect(uris).toHaveAttribute("aria-invalid", "true");
    await expect(uris).toHaveValue(typed);
    await expect(page.locator("#name-error")).toHaveCount(0);

    // With good URIs, the unknown tenant is said on its field.
    await uris.fill("https://app.example.com/callback");
    await register.click();
    await expect(page.locator("#tenantIds-error")).toHaveText("No tenant with id no-such-tenant");
    await expect(page.getByRole("textbox", { name: "Allowed tenants (optional)" })).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    await expectAccessible(page, "application form with errors");
    await both(page, "operator-applications-errors");
    expect(listed()).toEqual([]);
  });

  test("a confidential application: the client secret shown once, and it authenticates at the token endpoint", async ({
    page,
    context,
    baseURL,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await signIn(page);
    await page.goto("/operator/applications");
    await page.getByRole("textbox", { name: "Name" }).fill(name);
    await page
      .getByRole("textbox", { name: "Redirect URIs", exact: true })
      .fill("https://app.example.com/callback");
    await page
      .getByRole("textbox", { name: "Post-logout redirect URIs (optional)" })
      .fill("https://app.example.com/");
    await page.getByRole("textbox", { name: "Allowed tenants (optional)" }).fill(tenantId);
    await page.getByRole("button", { name: "Register application" }).click();

    const shown = page.getByTestId("new-client-secret");
    await expect(shown).toBeFocused();
    secret = await shown.inputValue();
    expect(secret).toMatch(/^rccs_[A-Za-z0-9_-]{43}$/);
    await expect(page.getByText("You will not see the secret again")).toBeVisible();
    clientId = (await page.getByTestId("new-client-id").textContent())!;
    expect(clientId).toMatch(/^rcc_/);
    await expect(page.getByTestId("oidc-issuer")).toHaveText(baseURL!);
    await page.getByRole("button", { name: "Copy the client secret" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await page.getByRole("button", { name: "Copy the client id", exact: true }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(clientId);
    // The form starts afresh for the next one.
    await expect(page.getByRole("textbox", { name: "Name" })).toHaveValue("");

    const listedRow = row(page, name);
    await expect(listedRow).toHaveAttribute("data-client-id", clientId);
    await expect(listedRow).toContainText("Confidential");
    await expect(listedRow).toContainText("1 tenant");
    await expectAccessible(page, "application registered");
    await both(page, "operator-application-registered");

    // The secret works, as the application will use it; another does not.
    expect(await authenticates(page.request, clientId, secret)).toBe(true);
    expect(await authenticates(page.request, clientId, `${secret.slice(0, -1)}x`)).toBe(false);
    expect(listed().find((a) => a.clientId === clientId)).toMatchObject({
      name,
      public: false,
      redirectUris: ["https://app.example.com/callback"],
      tenantIds: [tenantId],
    });

    // Shown once: not on the page any more, not in its HTML, not on the application's page.
    await page.reload();
    await expect(page.getByTestId("new-client-secret")).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);
    await listedRow.getByRole("link", { name }).click();
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    expect(await page.content()).not.toContain(secret);
  });

  test("a public application: no client secret, PKCE only", async ({ page }) => {
    await signIn(page);
    await page.goto("/operator/applications");
    await page.getByRole("textbox", { name: "Name" }).fill(`${name} SPA`);
    await page
      .getByRole("textbox", { name: "Redirect URIs", exact: true })
      .fill("http://localhost:5173/callback");
    await page.getByRole("checkbox", { name: "Public client" }).check();
    await page.getByRole("button", { name: "Register application" }).click();
    const registered = page.getByRole("status").filter({ hasText: "Application registered" });
    await expect(registered).toContainText("A public application has no client secret");
    await expect(page.getByTestId("new-client-secret")).toHaveCount(0);
    const publicId = (await registered.getByTestId("new-client-id").textContent())!;
    const publicRow = row(page, `${name} SPA`);
    await expect(publicRow).toHaveAttribute("data-client-id", publicId);
    await expect(publicRow).toContainText("Public");
    await expect(publicRow).toContainText("All tenants");
    expect(listed().find((a) => a.clientId === publicId)).toMatchObject({ public: true, tenantIds: null });
    await expectAccessible(page, "public application registered");
    await both(page, "operator-applications");

    // Its page offers no secret to rotate.
    await publicRow.getByRole("link", { name: `${name} SPA` }).click();
    await expect(page.getByRole("heading", { name: `${name} SPA`, level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: "Rotate secret" })).toHaveCount(0);
    await expect(page.getByText("PKCE alone")).toBeVisible();
  });

  test("an application's page: redirect URIs edited with inline errors, the secret rotated, the application deleted after typing its name", async ({
    page,
  }) => {
    await signIn(page);
    await page.goto(`/operator/applications/${clientId}`);
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
    await expect(page.getByTestId("client-id")).toHaveText(clientId);
    await expect(page.getByTestId("application-tenants")).toContainText(`Fabrikam ${suffix}`);
    await expectAccessible(page, "application page");

    // A bad URI is named on its field; good ones are saved (blank lines and repeats dropped).
    const uris = page.getByRole("textbox", { name: "Redirect URIs", exact: true });
    await uris.fill("https://app.example.com/callback\nftp://app.example.com/callback");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.locator("#redirectUris-error")).toContainText(
      "“ftp://app.example.com/callback”: must be",
    );
    await expectAccessible(page, "application edit with an error");
    await both(page, "operator-application-edit-error");
    await uris.fill(
      "https://app.example.com/callback\n\nhttps://staging.app.example.com/callback\nhttps://app.example.com/callback",
    );
    await page.getByRole("textbox", { name: "Allowed tenants (optional)" }).fill("");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
    await expect(page.getByTestId("application-redirect-uris").getByRole("listitem")).toHaveText([
      "https://app.example.com/callback",
      "https://staging.app.example.com/callback",
    ]);
    await expect(uris).toHaveValue(
      "https://app.example.com/callback\nhttps://staging.app.example.com/callback",
    );
    await expect(page.getByText("All tenants")).toBeVisible();
    expect(listed().find((a) => a.clientId === clientId)).toMatchObject({
      redirectUris: ["https://app.example.com/callback", "https://staging.app.example.com/callback"],
      tenantIds: null,
    });

    // Rotate, confirmed first: the new secret once; the old one keeps working for 24 hours.
    await page.getByRole("button", { name: "Rotate secret" }).click();
    const rotateDialog = page.getByRole("dialog", { name: "Rotate the client secret?" });
    await expect(rotateDialog).toContainText("24 hours");
    await expect(rotateDialog.getByRole("checkbox", { name: /stop the current one now/ })).not.toBeChecked();
    await expectAccessible(page, "rotate dialog");
    await both(page, "operator-application-rotate-dialog");
    await rotateDialog.getByRole("button", { name: "Rotate secret" }).click();
    const rotated = page.getByTestId("rotated-client-secret");
    await expect(rotated).toBeFocused();
    const second = await rotated.inputValue();
    expect(second).toMatch(/^rccs_/);
    expect(second).not.toBe(secret);
    await expect(page.getByText("The previous secret keeps working until")).toBeVisible();
    await expect(page.getByTestId("previous-secret")).toBeVisible();
    expect(await authenticates(page.request, clientId, secret)).toBe(true);
    expect(await authenticates(page.request, clientId, second)).toBe(true);
    await expectAccessible(page, "secret rotated");
    await both(page, "operator-application");

    // A leaked secret: rotated with the current one stopped at once.
    await page.getByRole("button", { name: "Rotate secret" }).click();
    await rotateDialog.getByRole("checkbox", { name: /stop the current one now/ }).check();
    await rotateDialog.getByRole("button", { name: "Rotate secret" }).click();
    await expect(page.getByText("The previous secret no longer works.")).toBeVisible();
    const third = await rotated.inputValue();
    expect(third).not.toBe(second);
    expect(await authenticates(page.request, clientId, second)).toBe(false);
    expect(await authenticates(page.request, clientId, secret)).toBe(false);
    expect(await authenticates(page.request, clientId, third)).toBe(true);
    await page.reload();
    await expect(page.getByTestId("previous-secret")).toHaveCount(0);
    const html = await page.content();
    for (const s of [secret, second, third]) expect(html).not.toContain(s);

    // Deleted once its name is typed: back to the list, and the secret is refused.
    await page.getByRole("button", { name: "Delete application" }).click();
    const deleteDialog = page.getByRole("dialog", { name: `Delete the application “${name}”?` });
    await expect(deleteDialog).toContainText("stop working at once");
    const confirm = deleteDialog.getByRole("button", { name: "Delete application" });
    await expect(confirm).toBeDisabled();
    await deleteDialog.getByRole("textbox", { name: `Type “${name}” to confirm` }).fill(name.toUpperCase());
    await expect(confirm).toBeDisabled();
    await expectAccessible(page, "delete dialog");
    await both(page, "operator-application-delete-dialog");
    await deleteDialog.getByRole("textbox", { name: `Type “${name}” to confirm` }).fill(name);
    await confirm.click();
    await expect(page).toHaveURL(/\/operator\/applications$/);
    await expect(row(page, `${name} SPA`)).toBeVisible();
    await expect(
      page.getByTestId("application-row").filter({ has: page.getByRole("link", { name, exact: true }) }),
    ).toHaveCount(0);
    expect(listed().map((a) => a.clientId)).not.toContain(clientId);
    expect(await authenticates(page.request, clientId, third)).toBe(false);
    expect((await page.goto(`/operator/applications/${clientId}`))!.status()).toBe(404);
  });
});

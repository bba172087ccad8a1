import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { Receiver } from "../tests/support/webhook-receiver";
import {
  both,
  cli,
  createTenant,
  expectAccessible,
  openConsoleSection,
  scimClient,
  type ScimReply,
} from "./helpers";

test.describe.serial("the operator console", () => {
  const suffix = randomBytes(3).toString("hex");
  const email = `ops-${suffix}@vendor.example`;
  const company = `Fabrikam ${suffix}`;
  let password = "";
  let fabrikamId = "";
  /** Fabrikam's SCIM endpoint, as its identity provider calls it. */
  let scim: (method: string, path: string, body?: unknown) => Promise<ScimReply> = () => {
    throw new Error("not set up");
  };

  const newUser = (body: object) =>
    scim("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], ...body });

  async function signIn(page: Page) {
    await page.goto("/operator/signin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/operator$/);
  }

  test.beforeAll(async () => {
    password = cli("operator", "add", "--email", email, "--name", "Olive Ops").password!;
    const tenantId = createTenant(company, `admin-${suffix}@fabrikam.example`);
    // Fabrikam provisions three users (one disabled) and sends one request Rollcall refuses.
    cli("tenant", "guard", "--tenant", tenantId, "--enabled", "off");
    const { idpId } = cli(
      "idp",
      "add",
      "--tenant",
      tenantId,
      "--type",
      "wsfed",
      "--name",
      "Fabrikam Entra ID",
    );
    const { tenantUrl, token } = cli("provisioning", "enable", "--idp", idpId!);
    fabrikamId = tenantId;
    scim = scimClient(tenantUrl!, token!);
    for (const [i, active] of [true, true, false].entries())
      expect((await newUser({ userName: `person${i}@fabrikam.example`, active })).status).toBe(201);
    expect((await newUser({})).status).toBe(400);
    createTenant(`Northwind ${suffix}`, `admin-${suffix}@northwind.example`);
  });

  test("an operator signs in, finds a tenant, manages an API key and reads the events", async ({
    page,
    context,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);

    // Sign-in: the console sends a stranger to its own sign-in page; errors are said inline.
    await page.goto("/operator");
    await expect(page).toHaveURL(/\/operator\/signin$/);
    await expect(page.getByRole("heading", { name: "Operator console" })).toBeVisible();
    await expectAccessible(page, "sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter your email")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();
    await expect(page.getByText("Enter your email")).toHaveCount(0);
    await expect(page.getByLabel("Email")).toHaveValue(email);
    await expectAccessible(page, "sign-in with an error");
    await both(page, "operator-signin");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/operator$/);

    // Tenants: counts and health; search by name.
    await expect(page.getByRole("heading", { name: "Tenants", level: 1 })).toBeVisible();
    await expect(page.getByTestId("operator-email")).toHaveText(email);
    await expect(page.getByRole("link", { name: "Tenants", exact: true })).toHaveAttribute(
      "aria-current",
      "page",
    );
    await expect(page.getByRole("navigation", { name: "Operator console" }).getByRole("link")).toHaveText([
      "Tenants",
      "API keys",
      "Webhooks",
      "Applications",
      "Roles",
      "Events",
    ]);
    await expectAccessible(page, "tenants");
    await page.getByLabel("Search tenants").fill(company.toLowerCase());
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/q=fabrikam/);
    await expect(page.getByTestId("tenant-row")).toHaveCount(1);
    await expect(page.getByTestId("tenant-row")).toContainText(company);
    await expect(page.getByTestId("tenant-count")).toHaveText("1 tenant match");
    const fabrikam = page.getByTestId("tenant-row");
    await expect(fabrikam.getByTestId("tenant-users")).toHaveText("3");
    await expect(fabrikam).toContainText("2 active");
    // The provisioning log is written in batches: the refused request shows within a moment.
    await expect(async () => {
      await page.reload();
      await expect(fabrikam).toContainText("1 error in the last hour", { timeout: 500 });
    }).toPass({ timeout: 10_000 });
    await both(page, "operator-tenants");
    await page.getByLabel("Search tenants").fill("no tenant is called this");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.getByText("No tenants match")).toBeVisible();
    await expectAccessible(page, "tenants: none match");

    // API keys: create one, copy it (it is shown once, with focus on it), use it, revoke it.
    await page.getByRole("link", { name: "API keys", exact: true }).click();
    await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
    await expectAccessible(page, "API keys");
    await page.getByRole("button", { name: "Create API key" }).click();
    await expect(page.getByText("Name the key")).toBeVisible();
    await expect(page.getByText("Choose at least one scope")).toBeVisible();
    await expectAccessible(page, "API key form with errors");
    const keyName = `Billing service ${suffix}`;
    await page.getByRole("textbox", { name: "Name" }).fill(keyName);
    await page.getByLabel("directory:read").check();
    await page.getByLabel("events:read").check();
    await page.getByRole("button", { name: "Create API key" }).click();
    const shown = page.getByTestId("new-api-key");
    await expect(shown).toBeFocused();
    const key = await shown.inputValue();
    expect(key).toMatch(/^rck_[A-Za-z0-9_-]{43}$/);
    await page.getByRole("button", { name: "Copy the API key" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Copied" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    const row = page.getByTestId("api-key-row").filter({ hasText: keyName });
    await expect(row).toContainText(key.slice(0, 10));
    await expect(row.getByTestId("api-key-status")).toHaveText("Active");
    await expectAccessible(page, "API key created");
    await both(page, "operator-api-keys");

    const res = await page.request.get("/api/v1/tenants", { headers: { Authorization: `Bearer ${key}` } });
    expect(res.status()).toBe(200);
    expect(JSON.stringify(await res.json())).toContain(company);

    await row.getByRole("button", { name: `Revoke ${keyName}` }).click();
    const dialog = page.getByRole("dialog", { name: `Revoke the API key “${keyName}”?` });
    await expect(dialog).toBeVisible();
    await expectAccessible(page, "revoke dialog");
    await dialog.getByRole("button", { name: "Revoke key" }).click();
    await expect(row.getByTestId("api-key-status")).toContainText("Revoked");
    await expect(row.getByRole("button", { name: `Revoke ${keyName}` })).toHaveCount(0);
    const refused = await page.request.get("/api/v1/tenants", {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(refused.status()).toBe(401);

    // Events: newest first, filtered by type and tenant, each one's JSON a click away.
    await page.getByRole("link", { name: "Events", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Events", level: 1 })).toBeVisible();
    await page.getByLabel("Type").selectOption("tenant.created");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/type=tenant\.created/);
    const events = page.getByTestId("event");
    await expect(events.first()).toBeVisible();
    for (const type of await events.evaluateAll((els) => els.map((e) => e.getAttribute("data-event-type"))))
      expect(type).toBe("tenant.created");
    await expect(events.first()).toContainText(`Northwind ${suffix}`);
    await expectAccessible(page, "events");
    await events.first().locator("summary").click();
    const json = events.first().getByTestId("event-json");
    await expect(json).toBeVisible();
    expect(JSON.parse((await json.textContent())!)).toMatchObject({
      type: "tenant.created",
      data: { tenant: { name: `Northwind ${suffix}` } },
    });
    await expectAccessible(page, "an event expanded");
    await both(page, "operator-events");

    // From a tenant's row to its events.
    await page.goto(`/operator?q=${encodeURIComponent(company)}`);
    await page.getByRole("link", { name: `Events of ${company}` }).click();
    await expect(page).toHaveURL(/tenant=/);
    await expect(page.getByTestId("event").first()).toBeVisible();
    const ofTenant = await page
      .getByTestId("event")
      .evaluateAll((els) =>
        els.map((e) => [e.getAttribute("data-event-type"), e.querySelector("summary")?.textContent ?? ""]),
      );
    for (const [, summary] of ofTenant) expect(summary).toContain(company);
    expect(ofTenant.map(([type]) => type)).toEqual(
      expect.arrayContaining(["tenant.created", "user.created"]),
    );

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/operator\/signin$/);
    await page.goto("/operator/api-keys");
    await expect(page).toHaveURL(/\/operator\/signin$/);
  });

  test("an operator adds a webhook endpoint, sees it deliver, tests it, rotates its secret, disables and deletes it", async ({
    page,
    context,
  }) => {
    test.setTimeout(150_000);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const receiver = new Receiver();
    await receiver.start();
    const hookUrl = `${receiver.url}/rollcall-${suffix}`;
    const hookPath = `/rollcall-${suffix}`;
    try {
      await signIn(page);

      // None yet: the empty state says what a webhook is for and how to add one.
      await openConsoleSection(page, "Webhooks");
      await expect(page.getByRole("heading", { name: "No webhook endpoints yet" })).toBeVisible();
      await expectAccessible(page, "webhooks: none yet");

      // The URL's problems are said on its field (this server allows private addresses, so the
      // refusal here is of a URL with a password; tests/integration/operator.test.ts has the SSRF one).
      const url = page.getByRole("textbox", { name: "URL" });
      await page.getByRole("button", { name: "Add endpoint" }).click();
      await expect(page.getByText("Enter the URL to send the events to")).toBeVisible();
      await url.fill("https://user:secret@hooks.example/");
      await page.getByRole("button", { name: "Add endpoint" }).click();
      await expect(page.locator("#url-error")).toContainText("cannot carry a user name or password");
      await expect(url).toHaveAttribute("aria-invalid", "true");
      await expect(url).toHaveValue("https://user:secret@hooks.example/");
      await expectAccessible(page, "webhook form with an error");

      // Added: Fabrikam's user.created events only; the secret is shown once, selected.
      await url.fill(hookUrl);
      await page.getByLabel("Description (optional)").fill("Fabrikam directory sync");
      await page.getByLabel("Tenant id (optional)").fill(fabrikamId);
      await page.getByText("Choose event types").click();
      await page.getByRole("checkbox", { name: /^user\.created/ }).check();
      await page.getByRole("button", { name: "Add endpoint" }).click();
      const shown = page.getByTestId("new-webhook-secret");
      await expect(shown).toBeFocused();
      const secret = await shown.inputValue();
      expect(secret).toMatch(/^whsec_/);
      await expect(page.getByText("You will not see it again")).toBeVisible();
      await page.getByRole("button", { name: "Copy the signing secret" }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
      receiver.addSecret(hookPath, "first", secret);
      const row = page.getByTestId("webhook-endpoint-row").filter({ hasText: hookPath });
      await expect(row).toContainText(company);
      await expect(row).toContainText("user.created");
      await expect(row.getByTestId("webhook-status").first()).toContainText("Enabled");
      await expectAccessible(page, "webhook endpoint added");
      await both(page, "operator-webhook-added");

      // A SCIM request makes a user.created event: delivered, signed with that secret, and logged.
      expect((await newUser({ userName: `hooked-${suffix}@fabrikam.example` })).status).toBe(201);
      await receiver.until("the user.created webhook", () => receiver.on(hookPath).length > 0);
      const [receipt] = receiver.on(hookPath);
      expect(receipt!.json.type).toBe("user.created");
      expect(receipt!.verifiedWith).toEqual(["first"]);

      // Shown once: not on the page any more, not in its HTML.
      await expect(async () => {
        await page.reload();
        await expect(row.getByTestId("webhook-deliveries").first()).toContainText("1 delivered", {
          timeout: 1000,
        });
      }).toPass({ timeout: 15_000 });
      await expect(page.getByTestId("new-webhook-secret")).toHaveCount(0);
      expect(await page.content()).not.toContain(secret);
      await both(page, "operator-webhooks");

      // The endpoint's page: the delivered attempt in the log, with its event.
      await row.getByRole("link").first().click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText(hookPath);
      const attempts = page.getByTestId("webhook-attempt");
      await expect(attempts.first()).toHaveAttribute("data-outcome", "delivered");
      await expect(attempts.first()).toContainText(receipt!.id);
      await expect(attempts.first()).toContainText("user.created");
      await expect(attempts.first()).toContainText("Delivered");
      await expectAccessible(page, "webhook endpoint");

      // A test send: the answer, its status and latency, said in a live region.
      receiver.answer = (r) =>
        r.json.type === "webhook.test"
          ? { status: 202, body: "<b>accepted</b>" }
          : { status: 200, body: "ok" };
      await page.getByRole("button", { name: "Send test event" }).click();
      const result = page.getByTestId("webhook-test-result");
      await expect(result).toContainText("Delivered");
      await expect(result).toContainText("202");
      await expect(result).toContainText("ms");
      // The answer is text, never HTML.
      await expect(result.locator("code")).toHaveText("<b>accepted</b>");
      await expect(result.locator("b")).toHaveCount(0);
      await expect(attempts.first()).toHaveAttribute("data-kind", "test");

      // Replay the delivered event: it arrives again with the same webhook-id.
      await page.getByRole("textbox", { name: "Event id", exact: true }).fill(receipt!.id);
      await page.getByRole("button", { name: "Replay…" }).click();
      const replayDialog = page.getByRole("dialog", { name: "Replay events to this endpoint?" });
      await expect(replayDialog).toContainText(`Deliver ${receipt!.id} again`);
      await replayDialog.getByRole("button", { name: "Replay", exact: true }).click();
      await expect(page.getByTestId("webhook-replay-result")).toHaveText("1 delivery queued.");
      await receiver.until("the replayed webhook", () => receiver.on(hookPath).some((r) => r.seenBefore > 0));

      // Rotate: confirmed first; the new secret once; both sign for a day.
      await page.getByRole("button", { name: "Rotate secret" }).click();
      const rotateDialog = page.getByRole("dialog", { name: "Rotate the signing secret?" });
      await expect(rotateDialog).toContainText("24 hours");
      await expectAccessible(page, "rotate dialog");
      await rotateDialog.getByRole("button", { name: "Rotate secret" }).click();
      const rotated = page.getByTestId("rotated-webhook-secret");
      await expect(rotated).toBeFocused();
      const second = await rotated.inputValue();
      expect(second).toMatch(/^whsec_/);
      expect(second).not.toBe(secret);
      await expect(page.getByText("The previous secret stays valid until")).toBeVisible();
      receiver.addSecret(hookPath, "second", second);
      await page.getByRole("button", { name: "Send test event" }).click();
      await receiver.until("a test signed with both secrets", () =>
        receiver.on(hookPath).some((r) => r.verifiedWith.length === 2),
      );
      await expectAccessible(page, "webhook endpoint after a test, a replay and a rotation");
      await both(page, "operator-webhook");

      // The receiver goes down: the next event fails and the endpoint says since when, in red.
      await receiver.stop();
      expect((await newUser({ userName: `missed-${suffix}@fabrikam.example` })).status).toBe(201);
      await expect(async () => {
        await page.reload();
        await expect(page.getByText(/^Failing since/).first()).toBeVisible({ timeout: 1000 });
      }).toPass({ timeout: 30_000 });
      await expect(attempts.first()).toHaveAttribute("data-outcome", "connection");
      await expectAccessible(page, "a failing webhook endpoint");
      await both(page, "operator-webhook-failing");

      // Disabled by the operator; then deleted after a confirmation naming the URL.
      await page.getByRole("button", { name: "Disable" }).click();
      await expect(page.getByTestId("webhook-status").first()).toContainText("Disabled by an operator");
      await expect(page.getByRole("button", { name: "Enable", exact: true })).toBeVisible();
      await page.getByRole("button", { name: "Delete endpoint" }).click();
      const deleteDialog = page.getByRole("dialog", {
        name: `Delete the webhook endpoint ${hookUrl}?`,
      });
      await expect(deleteDialog).toBeVisible();
      await deleteDialog.getByRole("button", { name: "Delete endpoint" }).click();
      await expect(page).toHaveURL(/\/operator\/webhooks$/);
      await expect(page.getByRole("heading", { name: "No webhook endpoints yet" })).toBeVisible();
      await both(page, "operator-webhooks-empty");
    } finally {
      await receiver.stop();
    }
  });

  test("a company administrator signed in to the portal is sent to the operator sign-in", async ({
    page,
  }) => {
    await page.goto("/signin");
    await page.getByLabel("Email").fill(`admin-${suffix}@fabrikam.example`);
    await page.getByLabel("Password").fill("correct horse battery staple");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto("/operator");
    await expect(page).toHaveURL(/\/operator\/signin$/);
    await page.goto("/operator/events");
    await expect(page).toHaveURL(/\/operator\/signin$/);
  });
});

import { beforeAll, expect } from "vitest";
import { credentialsSignIn } from "../support/app";
import { dbTest, describeEachDatabase } from "../support/fixtures";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** A page's text as people read it: no tags, no React's text separators, spaces collapsed. */
function text(html: string): string {
  return html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** The text of the element with `data-testid="<id>"` (its first 400 characters' worth). */
function figure(html: string, id: string): string {
  const at = html.indexOf(`data-testid="${id}"`);
  expect(at, id).toBeGreaterThan(-1);
  return text(html.slice(at, html.indexOf("</div>", at)));
}

describeEachDatabase("the admin overview and lists on %s", { other: "Fabrikam" }, (suite) => {
  let cookie = "";
  let otherCookie = "";
  const get = async (path: string, as = cookie) => {
    const res = await fetch(`${suite.app.url}${path}`, { redirect: "manual", headers: { Cookie: as } });
    expect(res.status, path).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    const { scim } = suite;
    const people = [
      ["ada", "Ada Lovelace", true],
      ["grace", "Grace Hopper", true],
      ["dora", "Dora Disabled", false],
    ] as const;
    const ids: string[] = [];
    for (const [name, displayName, active] of people) {
      const res = await scim("POST", "/Users", {
        schemas: [USER],
        userName: `${name}@contoso.example`,
        displayName,
        active,
      });
      expect(res.status).toBe(201);
      ids.push(String((res.body as { id: string }).id));
    }
    expect((await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Engineering" })).status).toBe(
      201,
    );
    expect(
      (
        await scim("PATCH", `/Users/${ids[0]}`, {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: "replace", path: "title", value: "Analyst" }],
        })
      ).status,
    ).toBe(200);
    // Two refused requests: a user without userName, and one that already exists.
    expect((await scim("POST", "/Users", { schemas: [USER] })).status).toBe(400);
    expect((await scim("POST", "/Users", { schemas: [USER], userName: "ada@contoso.example" })).status).toBe(
      409,
    );
    for (const [tenant, set] of [
      [suite.tenant, (c: string) => (cookie = c)],
      [suite.other, (c: string) => (otherCookie = c)],
    ] as const) {
      const signedIn = await credentialsSignIn(suite.app, tenant.email, tenant.password);
      if (!("cookie" in signedIn)) throw new Error(`sign-in failed: ${signedIn.error}`);
      set(signedIn.cookie);
    }
  });

  dbTest(
    "the overview counts users and groups, splits the last hour's failures, and names the token",
    async () => {
      const html = await get("/dashboard");
      expect(figure(html, "figure-users")).toContain("3");
      expect(figure(html, "figure-users")).toContain("2 active");
      expect(figure(html, "figure-groups")).toContain("1");
      expect(figure(html, "figure-last-request")).toContain("409");
      expect(figure(html, "figure-errors")).toContain("2 of 7");
      expect(figure(html, "figure-errors")).toContain("2 refused (4xx) · 0 server errors (5xx)");
      expect(figure(html, "figure-token")).toContain("Contoso Entra ID");
      expect(figure(html, "figure-held")).toContain("None");
      expect(figure(html, "figure-sign-ins")).toContain("0");
      // Set-up is computed from the company's data: provisioning on and a user provisioned, no
      // sign-in set up yet — the same for every administrator.
      expect(html).toContain('data-testid="setup-checklist"');
      const steps = [...html.matchAll(/data-testid="setup-step" data-done="(true|false)"/g)].map((m) => m[1]);
      expect(steps).toEqual(["true", "false", "true", "true", "false"]);
    },
  );

  dbTest("another company's overview shows none of it", async () => {
    const html = await get("/dashboard", otherCookie);
    expect(figure(html, "figure-users")).toContain("0");
    expect(figure(html, "figure-errors")).toContain("No requests");
    expect(html).not.toContain("Ada Lovelace");
  });

  dbTest("the CSV export follows the list's search and status", async () => {
    const disabled = await get("/api/export/users.csv?status=disabled");
    expect(disabled.trim().split("\n")).toHaveLength(2);
    expect(disabled).toContain("dora@contoso.example");
    const searched = await get("/api/export/users.csv?q=grace");
    expect(searched.trim().split("\n")).toHaveLength(2);
    expect(searched).toContain("grace@contoso.example");
    expect((await get("/api/export/users.csv")).trim().split("\n")).toHaveLength(4);
    expect((await get("/api/export/groups.csv?q=nothing-like-it")).trim().split("\n")).toHaveLength(1);
    expect(
      (await get("/users?status=disabled")).includes('href="/api/export/users.csv?status=disabled"'),
    ).toBe(true);
  });

  dbTest("a page past the end of a list says so, with a link to the last page", async () => {
    const users = text(await get("/users?page=7"));
    expect(users).toContain("There is no page 7");
    expect(users).not.toContain("No users yet");
    expect(text(await get("/groups?page=2"))).toContain("There is no page 2");
  });

  dbTest("the provisioning log names the users its requests were about", async () => {
    const log = text(await get("/logs"));
    expect(log).toContain("User: Ada Lovelace");
    expect(log).toContain("User: Dora Disabled");
    expect(log).not.toMatch(/User [0-9a-f]{8}…/);
  });
});

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect } from "vitest";
import { startApp } from "../support/app";
import { dbTest, describeEachDatabase } from "../support/fixtures";

const exec = promisify(execFile);

describeEachDatabase("foundation on %s", { other: "Fabrikam" }, () => {
  const request = (url: string, token: string | null, init: RequestInit = {}) =>
    fetch(url, {
      ...init,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) },
    });
  const testConnection = (base: string) =>
    `${base}/Users?filter=${encodeURIComponent('userName eq "2c9a1f5e-2f4b-4c8e-9a51-1d1b0e6c2a77"')}`;

  dbTest(
    "answers Entra's Test Connection with 200 and an empty ListResponse",
    async ({ tenant: contoso }) => {
      const res = await request(testConnection(contoso.tenantUrl), contoso.token);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/scim+json");
      expect(await res.json()).toEqual({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        totalResults: 0,
        startIndex: 1,
        itemsPerPage: 0,
        Resources: [],
      });
    },
  );

  dbTest(
    "accepts the tenant URL with a trailing slash or Entra's query flag, without redirecting",
    async ({ tenant: contoso }) => {
      for (const base of [`${contoso.tenantUrl}/`, contoso.tenantUrl]) {
        const res = await request(
          `${base}${base.endsWith("/") ? "" : "/"}Users/?aadOptscim062020`,
          contoso.token,
          {
            redirect: "manual",
          },
        );
        expect(res.status).toBe(200);
      }
    },
  );

  dbTest(
    "serves /api/scim/v2/Users with the token alone naming the tenant",
    async ({ app, tenant: contoso }) => {
      const res = await request(`${app.url}/api/scim/v2/Users`, contoso.token);
      expect(res.status).toBe(200);
    },
  );

  dbTest.for<[string, string | null]>([
    ["no token", null],
    ["a malformed token", "nonsense"],
    ["an unknown token", "rcs_" + "A".repeat(43)],
  ])("refuses %s with a SCIM 401", async ([_label, token], { tenant: contoso }) => {
    const res = await request(testConnection(contoso.tenantUrl), token);
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/scim+json");
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await res.json()).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "401",
    });
  });

  dbTest(
    "refuses another tenant's token on this tenant URL",
    async ({ tenant: contoso, other: fabrikam }) => {
      const res = await request(testConnection(contoso.tenantUrl), fabrikam.token);
      expect(res.status).toBe(401);
      expect((await request(testConnection(fabrikam.tenantUrl), fabrikam.token)).status).toBe(200);
    },
  );

  dbTest("answers an unknown SCIM endpoint with a SCIM 404", async ({ tenant: contoso }) => {
    const res = await request(`${contoso.tenantUrl}/Widgets`, contoso.token);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: "404" });
  });

  dbTest("sends admin pages to sign-in without a session", async ({ app }) => {
    for (const path of ["/dashboard", "/identity-providers", "/settings/profile"]) {
      const res = await fetch(`${app.url}${path}`, { redirect: "manual" });
      expect([303, 307, 308]).toContain(res.status);
      expect(res.headers.get("location")).toMatch(/\/signin$/);
    }
  });

  dbTest(
    "starts cleanly: no background job (SQLite's checkpoint worker, the event sequencer) fell back or failed",
    async ({ app, tenant: contoso }) => {
      await fetch(testConnection(contoso.tenantUrl), {
        headers: { Authorization: `Bearer ${contoso.token}` },
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(app.logs()).not.toMatch(/checkpoints back on|numbering failed|Cannot find module/);
    },
  );

  dbTest("answers liveness and readiness probes", async ({ app }) => {
    expect(await (await fetch(`${app.url}/api/health/live`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${app.url}/api/health/ready`)).json()).toEqual({ status: "ready" });
  });

  dbTest(
    "refuses a second company with an existing admin email (any case)",
    async ({ app, tenant: contoso }) => {
      await expect(
        app.cli(
          "tenant",
          "create",
          "--name",
          "Other",
          "--admin-email",
          contoso.email.toUpperCase(),
          "--admin-password",
          "another password 1",
        ),
      ).rejects.toMatchObject({ stdout: expect.stringContaining("already exists") });
    },
  );

  dbTest("exits non-zero with a clear message on bad CLI arguments", async ({ app, tenant: contoso }) => {
    const cases: [string[], RegExp][] = [
      [
        ["idp", "add", "--tenant", contoso.tenantId, "--type", "ldap", "--name", "x"],
        /--type must be one of/,
      ],
      [["idp", "add", "--type", "saml", "--name", "x"], /--tenant is required/],
      [["idp", "add", "--tenant", "nope", "--type", "saml", "--name", "x"], /no tenant with id nope/],
      [["provisioning", "enable", "--idp", "nope"], /no identity provider/],
      [["provisioning", "enable", "--idp", contoso.idpId], /already enabled/],
      [
        ["tenant", "create", "--name", "X", "--admin-email", "x@example.com", "--admin-password", "short"],
        /at least 10/,
      ],
      [["frobnicate"], /Usage:/],
    ];
    for (const [args, message] of cases) {
      const failure = await exec(
        process.execPath,
        ["node_modules/tsx/dist/cli.mjs", "scripts/rollcall.ts", ...args],
        {
          env: app.env,
        },
      ).catch((e: { code: number; stderr: string }) => e);
      expect(failure).toMatchObject({ code: expect.any(Number) });
      expect((failure as { code: number }).code).not.toBe(0);
      expect((failure as { stderr: string }).stderr).toMatch(message);
    }
  });

  dbTest(
    "runs the compatibility self-test from the CLI and leaves nothing behind",
    async ({ app, tenant: contoso }) => {
      const result = await app.cli<{
        passed: number;
        failed: number;
        steps: { name: string; ok: boolean }[];
      }>("selftest", "--idp", contoso.idpId);
      expect(result.failed).toBe(0);
      expect(result.passed).toBeGreaterThanOrEqual(14);
      const leftovers = await request(
        `${contoso.tenantUrl}/Users?filter=${encodeURIComponent('userName sw "rollcall-selftest-"')}`,
        contoso.token,
      );
      expect(await leftovers.json()).toMatchObject({ totalResults: 0 });
      const groups = await request(
        `${contoso.tenantUrl}/Groups?filter=${encodeURIComponent('displayName sw "rollcall-selftest-"')}`,
        contoso.token,
      );
      expect(await groups.json()).toMatchObject({ totalResults: 0 });
    },
  );

  dbTest("applies migrations once and keeps Prisma's bookkeeping", async ({ app, kind }) => {
    const restarted = await startApp(kind, { database: app.database });
    await restarted.stop();
    const { default: pg } = await import("pg");
    const rows =
      kind === "sqlite"
        ? (await import("better-sqlite3"))
            .default(app.database.url.slice(5), { readonly: true })
            .prepare(`SELECT migration_name, finished_at FROM _prisma_migrations`)
            .all()
        : await (async () => {
            const c = new pg.Client({ connectionString: app.database.url });
            await c.connect();
            const r = await c.query(`SELECT migration_name, finished_at FROM _prisma_migrations`);
            await c.end();
            return r.rows;
          })();
    expect(rows.length).toBeGreaterThan(0);
    const names = (rows as { migration_name: string }[]).map((r) => r.migration_name);
    expect(new Set(names).size).toBe(names.length);
  });
});

/**
 * The role × action matrix: every server action of the app and every route handler is listed here
 * with what it needs (a public form, the operator, any signed-in admin, or a role), and each one
 * that needs a portal session is called over HTTP as an Owner, an Administrator and a Read-only
 * admin: allowed or refused as its row says. The list is compared with the app's own files first
 * (every `export async function` of a "use server" module, every route.ts), so a new action or
 * route that is not in the matrix fails the suite until someone decides who may call it.
 *
 * Arguments are chosen so an allowed call changes nothing or something harmless (an unknown id, an
 * invalid input): the matrix is about who gets past the role check, and a refusal is told by its
 * message ("Your role (…) does not allow this").
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, expect } from "vitest";
import { callAction, type ActionReply } from "../support/actions";
import { credentialsSignIn, queryRows, type App } from "../support/app";
import { dbTest, describeEachDatabase } from "../support/fixtures";

const ROOT = path.resolve(import.meta.dirname, "../..");

type Role = "owner" | "admin" | "readonly";
const ROLES: Role[] = ["owner", "admin", "readonly"];
const RANK: Record<Role, number> = { readonly: 0, admin: 1, owner: 2 };

/**
 * Who may call an action: `public` (sign-in, sign-up and the like: no session), `operator` (the
 * operator console: no admin session opens it), or the least admin role. Read-only is also what
 * an admin's own account needs (their name, password, sessions): every role may.
 */
type Need = "public" | "operator" | Role;
type Call = { need: Need; args?: unknown[]; endsSession?: boolean };
type Ctx = { idpId: string };

const NOBODY = "00000000-0000-4000-8000-000000000000";

const ACTIONS: Record<string, (ctx: Ctx) => Call[]> = {
  // Sign-in, sign-up and the people's account: no admin session involved.
  "app/(auth)/forgot-password/actions.ts#requestPasswordResetAction": () => [{ need: "public" }],
  "app/(auth)/login/actions.ts#findIdentityProviderAction": () => [{ need: "public" }],
  "app/(auth)/login/actions.ts#continueSignInAction": () => [{ need: "public" }],
  "app/(auth)/signup/actions.ts#signUpAction": () => [{ need: "public" }],
  "app/(auth)/signup/actions.ts#confirmSignUpAction": () => [{ need: "public" }],
  "app/(auth)/interaction/[uid]/actions.ts#signInWithEmailAction": () => [{ need: "public" }],
  "app/(auth)/interaction/[uid]/actions.ts#continueToIdentityProviderAction": () => [{ need: "public" }],
  "app/(auth)/invite/[token]/actions.ts#acceptInviteAction": () => [{ need: "public" }],
  "app/(auth)/reset-password/[token]/actions.ts#resetPasswordAction": () => [{ need: "public" }],
  "app/(auth)/email/confirm/[token]/actions.ts#confirmEmailChangeAction": () => [{ need: "public" }],
  "app/(account)/account/actions.ts#signOutAction": () => [{ need: "public" }],
  "app/operator/signin/actions.ts#operatorSignInAction": () => [{ need: "public" }],
  "app/(auth)/signin/actions.ts#passkeySignInOptionsAction": () => [{ need: "public" }],
  "app/(auth)/signin/actions.ts#passkeySignInAction": () => [{ need: "public" }],
  // The second step of a password sign-in: a session still waiting for its second factor.
  "app/(auth)/signin/verify/actions.ts#verifySecondFactorAction": () => [{ need: "public" }],
  "app/(auth)/signin/verify/actions.ts#passkeySecondFactorOptionsAction": () => [{ need: "public" }],
  "app/(auth)/signin/verify/actions.ts#passkeySecondFactorAction": () => [{ need: "public" }],
  "app/operator/(console)/actions.ts#operatorSignOutAction": () => [{ need: "public" }],
  // A set-up link's holder: no admin session, the link's token and the browser that started it
  // (lib/setup-links; tests/integration/setup-links.test.ts).
  "app/setup/[token]/actions.ts#startSetupAction": () => [{ need: "public" }],
  "app/setup/[token]/actions.ts#setupAddIdpAction": () => [{ need: "public" }],
  "app/setup/[token]/actions.ts#setupMetadataAction": () => [{ need: "public" }],
  "app/setup/[token]/actions.ts#setupEnableProvisioningAction": () => [{ need: "public" }],
  "app/setup/[token]/actions.ts#setupGenerateTokenAction": () => [{ need: "public" }],
  "app/setup/[token]/actions.ts#setupRevokeTokenAction": () => [{ need: "public" }],
  "app/setup/[token]/actions.ts#setupDisableProvisioningAction": () => [{ need: "public" }],

  // The operator console.
  "app/operator/(console)/api-keys/actions.ts#createApiKeyAction": () => [{ need: "operator" }],
  "app/operator/(console)/api-keys/actions.ts#revokeApiKeyAction": () => [{ need: "operator" }],
  "app/operator/(console)/applications/actions.ts#createApplicationAction": () => [{ need: "operator" }],
  "app/operator/(console)/applications/actions.ts#updateApplicationAction": () => [{ need: "operator" }],
  "app/operator/(console)/applications/actions.ts#rotateApplicationSecretAction": () => [
    { need: "operator" },
  ],
  "app/operator/(console)/applications/actions.ts#removeApplicationAction": () => [{ need: "operator" }],
  "app/operator/(console)/roles/actions.ts#addRoleAction": () => [{ need: "operator" }],
  "app/operator/(console)/roles/actions.ts#removeRoleAction": () => [{ need: "operator" }],
  "app/operator/(console)/webhooks/actions.ts#addWebhookEndpointAction": () => [{ need: "operator" }],
  "app/operator/(console)/webhooks/actions.ts#setWebhookEnabledAction": () => [{ need: "operator" }],
  "app/operator/(console)/webhooks/actions.ts#rotateWebhookSecretAction": () => [{ need: "operator" }],
  "app/operator/(console)/webhooks/actions.ts#sendWebhookTestAction": () => [{ need: "operator" }],
  "app/operator/(console)/webhooks/actions.ts#removeWebhookEndpointAction": () => [{ need: "operator" }],
  "app/operator/(console)/webhooks/actions.ts#replayWebhookAction": () => [{ need: "operator" }],

  // An admin's own account: every role.
  "app/(portal)/settings/actions.ts#setAdminViewAction": () => [{ need: "readonly", args: ["basic"] }],
  "app/(portal)/settings/actions.ts#signOutEverywhereAction": () => [
    { need: "readonly", args: [], endsSession: true },
  ],
  "app/(portal)/settings/actions.ts#endSessionAction": () => [{ need: "readonly", args: [NOBODY] }],
  "app/(portal)/settings/actions.ts#endOtherSessionsAction": () => [{ need: "readonly", args: [] }],
  "app/(portal)/settings/profile/actions.ts#changeNameAction": () => [
    { need: "readonly", args: ["Matrix Person"] },
  ],
  "app/(portal)/settings/profile/actions.ts#changePasswordAction": () => [
    { need: "readonly", args: [{ currentPassword: "not the password", newPassword: "another password" }] },
  ],
  "app/(portal)/settings/profile/actions.ts#requestEmailChangeAction": () => [
    { need: "readonly", args: [{ currentPassword: "not the password", newEmail: "new@matrix.example" }] },
  ],
  "app/(portal)/settings/profile/actions.ts#cancelEmailChangeAction": () => [{ need: "readonly", args: [] }],
  "app/(portal)/settings/profile/actions.ts#setAlertsOffAction": () => [{ need: "readonly", args: [[]] }],
  "app/(portal)/settings/security/actions.ts#startTotpAction": () => [{ need: "readonly", args: [] }],
  "app/(portal)/settings/security/actions.ts#confirmTotpAction": () => [
    { need: "readonly", args: ["000000"] },
  ],
  "app/(portal)/settings/security/actions.ts#disableTotpAction": () => [
    { need: "readonly", args: ["000000"] },
  ],
  "app/(portal)/settings/security/actions.ts#regenerateRecoveryCodesAction": () => [
    { need: "readonly", args: [] },
  ],
  "app/(portal)/settings/security/actions.ts#passkeyRegistrationOptionsAction": () => [
    { need: "readonly", args: [] },
  ],
  "app/(portal)/settings/security/actions.ts#registerPasskeyAction": () => [
    { need: "readonly", args: [{}, "Matrix key"] },
  ],
  "app/(portal)/settings/security/actions.ts#removePasskeyAction": () => [
    { need: "readonly", args: [NOBODY] },
  ],

  // Reads: every role.
  "app/(portal)/settings/roles/actions.ts#findGroupsAction": () => [{ need: "readonly", args: [""] }],
  "app/(portal)/attributes/actions.ts#attributeUsageAction": () => [{ need: "readonly", args: [NOBODY] }],
  "app/(portal)/identity-providers/actions.ts#inspectCertificateAction": () => [
    { need: "readonly", args: ["not a certificate"] },
  ],

  // The identity layer: administrators and owners.
  "app/(portal)/identity-providers/actions.ts#saveIdpAction": () => [{ need: "admin", args: [null, {}] }],
  "app/(portal)/identity-providers/actions.ts#deleteIdpAction": () => [{ need: "admin", args: [NOBODY] }],
  "app/(portal)/identity-providers/actions.ts#enableProvisioningAction": () => [
    { need: "admin", args: [NOBODY] },
  ],
  "app/(portal)/identity-providers/actions.ts#generateTokenAction": () => [{ need: "admin", args: [NOBODY] }],
  "app/(portal)/identity-providers/actions.ts#revokeTokenAction": () => [
    { need: "admin", args: [NOBODY, NOBODY] },
  ],
  "app/(portal)/identity-providers/actions.ts#disableProvisioningAction": () => [
    { need: "admin", args: [NOBODY] },
  ],
  "app/(portal)/identity-providers/actions.ts#runSelfTestAction": () => [{ need: "admin", args: [NOBODY] }],
  // A set-up link configures identity providers and provisioning: an administrator's to give.
  "app/(portal)/identity-providers/actions.ts#createSetupLinkAction": () => [
    { need: "admin", args: [{ label: "", validity: "nonsense" }] },
  ],
  "app/(portal)/identity-providers/actions.ts#revokeSetupLinkAction": () => [
    { need: "admin", args: [NOBODY] },
  ],
  "app/(portal)/identity-providers/actions.ts#saveSsoSettingsAction": () => [
    { need: "admin", args: [NOBODY, {}] },
  ],
  "app/(portal)/identity-providers/actions.ts#federationMetadataAction": ({ idpId }) => [
    { need: "readonly", args: [idpId, "<not-metadata/>", false] },
    { need: "admin", args: [idpId, "<not-metadata/>", true] },
  ],
  "app/(portal)/identity-providers/actions.ts#verifyDomainAction": () => [
    { need: "admin", args: [NOBODY, "matrix.example"] },
  ],
  "app/(portal)/attributes/actions.ts#defineAttributeAction": () => [{ need: "admin", args: [{}] }],
  "app/(portal)/attributes/actions.ts#removeAttributeAction": () => [{ need: "admin", args: [NOBODY] }],
  "app/(portal)/settings/roles/actions.ts#addMappingAction": () => [{ need: "admin", args: [{}] }],
  "app/(portal)/settings/roles/actions.ts#removeMappingAction": () => [{ need: "admin", args: [NOBODY] }],
  "app/(portal)/settings/roles/actions.ts#moveMappingAction": () => [{ need: "admin", args: [NOBODY, 1] }],
  "app/(portal)/settings/roles/actions.ts#setDefaultRoleAction": () => [{ need: "admin", args: [null] }],
  "app/(portal)/settings/actions.ts#saveGuardSettingsAction": () => [{ need: "admin", args: [{}] }],
  "app/(portal)/settings/actions.ts#approveHeldAction": () => [{ need: "admin", args: [[NOBODY]] }],
  "app/(portal)/settings/actions.ts#rejectHeldAction": () => [{ need: "admin", args: [[NOBODY]] }],

  // The company and its administrators: owners. Removing oneself (leaving) is anyone's.
  "app/(portal)/settings/actions.ts#inviteAdminAction": () => [
    { need: "owner", args: ["matrix-invitee@matrix.example", "readonly"] },
  ],
  "app/(portal)/settings/actions.ts#revokeInviteAction": () => [{ need: "owner", args: [NOBODY] }],
  "app/(portal)/settings/actions.ts#removeAdminAction": () => [{ need: "owner", args: [NOBODY] }],
  "app/(portal)/settings/actions.ts#changeAdminRoleAction": () => [
    { need: "owner", args: [NOBODY, "admin"] },
  ],
  "app/(portal)/settings/actions.ts#transferOwnershipAction": () => [{ need: "owner", args: [NOBODY] }],
  "app/(portal)/settings/actions.ts#resetSecondFactorAction": () => [{ need: "owner", args: [NOBODY] }],
  // An owner gets past the role check and is stopped by the name check: nothing is deleted.
  "app/(portal)/settings/actions.ts#deleteCompanyAction": () => [
    { need: "owner", args: ["not the company's name"] },
  ],
  "app/(portal)/settings/actions.ts#setAdminSsoAction": () => [{ need: "owner", args: [false] }],
  "app/(portal)/settings/security/actions.ts#setRequireTwoFactorAction": () => [
    { need: "owner", args: [false] },
  ],
};

/** Route handlers: who may call them. `readonly`: any signed-in admin (exports are reads). */
const ROUTES: Record<string, { need: "public" | "token" | "readonly"; get?: string }> = {
  "app/api/export/users.csv/route.ts": { need: "readonly", get: "/api/export/users.csv" },
  "app/api/export/groups.csv/route.ts": { need: "readonly", get: "/api/export/groups.csv" },
  "app/api/export/audit/route.ts": { need: "readonly", get: "/api/export/audit?format=jsonl" },
  // Their own credentials: a SCIM token, an API key, a client of the OpenID Provider, a signed
  // assertion of an identity provider, or nothing at all (health, discovery, sign-in).
  "app/api/scim/v2/[[...path]]/route.ts": { need: "token" },
  "app/api/v1/[[...path]]/route.ts": { need: "token" },
  "app/oidc/[...path]/route.ts": { need: "token" },
  "app/.well-known/openid-configuration/route.ts": { need: "public" },
  "app/api/auth/[...nextauth]/route.ts": { need: "public" },
  "app/api/health/ready/route.ts": { need: "public" },
  "app/api/health/live/route.ts": { need: "public" },
  "app/api/sso/[publicId]/metadata/route.ts": { need: "public" },
  "app/api/sso/[publicId]/callback/route.ts": { need: "public" },
  "app/api/sso/[publicId]/login/route.ts": { need: "public" },
  "app/api/sso/[publicId]/acs/route.ts": { need: "public" },
  "app/(auth)/interaction/[uid]/route.ts": { need: "public" },
  "app/(auth)/interaction/[uid]/finish/route.ts": { need: "public" },
};

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(rel, keep));
    else if (keep(rel)) out.push(rel);
  }
  return out;
}

/** Every exported function of every "use server" module, as `file#name`. */
function serverActionsInSource(): string[] {
  const found: string[] = [];
  for (const file of [
    ...filesUnder("app", (f) => /\.tsx?$/.test(f)),
    ...filesUnder("lib", (f) => /\.tsx?$/.test(f)),
  ]) {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    if (!/^\s*["']use server["'];?/.test(text)) continue;
    for (const m of text.matchAll(/^export\s+(?:async\s+function\s+(\w+)|const\s+(\w+)\s*=)/gm)) {
      found.push(`${file}#${m[1] ?? m[2]}`);
    }
  }
  return found.sort();
}

const REFUSED = /^Your role \(.+\) does not allow this/;

type Outcome = "refused" | "allowed";

/** How an admin's call went: refused for its role, or past the role check (whatever it answered). */
function outcomeOf(reply: ActionReply): Outcome {
  expect(reply.status, reply.text.slice(0, 300)).toBeLessThan(500);
  const value = reply.value as { ok?: boolean; error?: string } | undefined;
  return value?.ok === false && REFUSED.test(value.error ?? "") ? "refused" : "allowed";
}

describeEachDatabase("administrator roles on %s", { timeout: 180_000 }, (suite) => {
  const cookies = {} as Record<Role, string>;
  const password = "matrix password 1";
  let checks = 0;

  async function signIn(app: App, email: string, secret: string): Promise<string> {
    const signed = await credentialsSignIn(app, email, secret);
    if (!("cookie" in signed)) throw new Error(`${email} could not sign in`);
    return signed.cookie;
  }

  /** An admin of `role` in the suite's company, invited by its owner. */
  async function join(app: App, role: Role): Promise<{ email: string; cookie: string }> {
    const email = `matrix-${role}-${Date.now()}@matrix.example`;
    const invite = await callAction(app.url, "inviteAdminAction", [email, role], { cookie: cookies.owner });
    const link = (invite.value as { ok: true; data: { link: string } }).data.link;
    const accepted = await callAction(
      app.url,
      "acceptInviteAction",
      [new URL(link).pathname.split("/").pop(), { name: `Matrix ${role}`, password }],
      { page: new URL(link).pathname },
    );
    expect(accepted.value).toMatchObject({ ok: true });
    return { email, cookie: await signIn(app, email, password) };
  }

  const emails = {} as Record<Role, string>;

  beforeAll(async () => {
    const { app, tenant } = suite;
    emails.owner = tenant.email;
    cookies.owner = await signIn(app, tenant.email, tenant.password);
    for (const role of ["admin", "readonly"] as const) {
      const joined = await join(app, role);
      emails[role] = joined.email;
      cookies[role] = joined.cookie;
    }
  }, 120_000);

  dbTest("lists every server action and route handler of the app", () => {
    expect(Object.keys(ACTIONS).sort(), "server actions missing from, or stale in, the matrix").toEqual(
      serverActionsInSource(),
    );
    expect(Object.keys(ROUTES).sort(), "route handlers missing from, or stale in, the matrix").toEqual(
      filesUnder("app", (f) => f.endsWith("/route.ts")).sort(),
    );
  });

  dbTest("allows or refuses every action as its row says, for each role", async ({ app, tenant }) => {
    const ctx: Ctx = { idpId: tenant.idpId };
    const table: string[] = [];
    for (const [key, calls] of Object.entries(ACTIONS)) {
      const [file, name] = key.split("#") as [string, string];
      for (const call of calls(ctx)) {
        if (call.need === "public") continue;
        const row: string[] = [];
        for (const role of ROLES) {
          const reply = await callAction(app.url, name, call.args ?? [], { cookie: cookies[role], file });
          if (call.need === "operator") {
            // No admin session opens the console: its actions send the caller to its sign-in.
            expect(reply.redirect, `${name} as ${role}`).toMatch(/^\/operator\/signin\b/);
            row.push("refused");
          } else {
            const expected: Outcome = RANK[role] >= RANK[call.need] ? "allowed" : "refused";
            expect(outcomeOf(reply), `${name}(${JSON.stringify(call.args)}) as ${role}`).toBe(expected);
            row.push(expected);
          }
          if (call.endsSession)
            cookies[role] = await signIn(app, emails[role], role === "owner" ? tenant.password : password);
          checks++;
        }
        table.push(`${name.padEnd(34)} ${row.join(" ")}`);
      }
    }
    console.log(`role × action matrix (owner admin read-only):\n${table.join("\n")}`);
  });

  dbTest(
    "lets every role read every page and export; pages that only change things send read-only away",
    async ({ app, tenant }) => {
      const pages = [
        "/dashboard",
        "/users",
        "/groups",
        "/identity-providers",
        `/identity-providers/${tenant.idpId}`,
        `/identity-providers/${tenant.idpId}/sso`,
        `/identity-providers/${tenant.idpId}/provisioning`,
        `/identity-providers/${tenant.idpId}/activity`,
        `/identity-providers/${tenant.idpId}/health`,
        "/identity-providers/setup-links",
        "/logs",
        "/audit",
        "/attributes",
        "/settings/profile",
        "/settings/security",
        "/settings/team",
        "/settings/guard",
        "/settings/roles",
      ];
      const routes = Object.values(ROUTES).flatMap((r) => (r.need === "readonly" && r.get ? [r.get] : []));
      for (const role of ROLES) {
        for (const p of [...pages, ...routes]) {
          const res = await fetch(`${app.url}${p}`, {
            headers: { Cookie: cookies[role] },
            redirect: "manual",
          });
          expect(res.status, `${p} as ${role}`).toBe(200);
          await res.arrayBuffer();
          checks++;
        }
        for (const p of ["/identity-providers/new", `/identity-providers/${tenant.idpId}/edit`]) {
          const res = await fetch(`${app.url}${p}`, {
            headers: { Cookie: cookies[role] },
            redirect: "manual",
          });
          expect(res.status, `${p} as ${role}`).toBe(role === "readonly" ? 307 : 200);
          checks++;
        }
      }
      for (const p of routes) {
        expect((await fetch(`${app.url}${p}`)).status, `${p} signed out`).toBe(401);
      }
    },
  );

  dbTest("hides from each role the controls it cannot use", async ({ app, tenant }) => {
    const html = async (role: Role, p: string) =>
      (await fetch(`${app.url}${p}`, { headers: { Cookie: cookies[role] } })).text();
    expect(await html("owner", "/settings/team")).toContain("Invite an administrator");
    for (const role of ["admin", "readonly"] as const) {
      expect(await html(role, "/settings/team")).not.toContain("Invite an administrator");
    }
    const idp = `/identity-providers/${tenant.idpId}`;
    expect(await html("admin", idp)).toContain(`${idp}/edit`);
    expect(await html("readonly", idp)).not.toContain(`${idp}/edit`);
    // The single sign-on settings and the self-test stay visible to read-only admins, disabled.
    for (const tab of [`${idp}/sso`, `${idp}/health`]) {
      expect(await html("readonly", tab), tab).toContain('data-testid="role-disabled"');
      expect(await html("admin", tab), tab).not.toContain('data-testid="role-disabled"');
    }
  });

  dbTest(
    "keeps an owner: the last one can neither leave nor be demoted, and ownership moves whole",
    async ({ app, tenant }) => {
      const rows = await queryRows<{ id: string; emailLower: string; role: string }>(
        app.database,
        `SELECT id, "emailLower", role FROM "Admin" WHERE "tenantId" = ?`,
        [tenant.tenantId],
      );
      const idOf = (email: string) => rows.find((r) => r.emailLower === email.toLowerCase())!.id;
      const owner = idOf(tenant.email);
      const admin = idOf(emails.admin);
      expect(rows.find((r) => r.id === owner)!.role).toBe("owner");

      const leave = await callAction(app.url, "removeAdminAction", [owner], { cookie: cookies.owner });
      expect(leave.value).toMatchObject({
        ok: false,
        error: expect.stringContaining("always keeps an owner"),
      });
      const demote = await callAction(app.url, "changeAdminRoleAction", [owner, "readonly"], {
        cookie: cookies.owner,
      });
      expect(demote.value).toMatchObject({
        ok: false,
        error: expect.stringContaining("always keeps an owner"),
      });

      const handed = await callAction(app.url, "transferOwnershipAction", [admin], { cookie: cookies.owner });
      expect(handed.value).toMatchObject({ ok: true });
      const after = await queryRows<{ id: string; role: string }>(
        app.database,
        `SELECT id, role FROM "Admin" WHERE id IN (?, ?)`,
        [owner, admin],
      );
      expect(Object.fromEntries(after.map((r) => [r.id, r.role]))).toEqual({
        [owner]: "admin",
        [admin]: "owner",
      });
      // The former owner is refused an owner's action at once (the role is read with the session).
      const refused = await callAction(app.url, "setAdminSsoAction", [false], { cookie: cookies.owner });
      expect(refused.value).toMatchObject({ ok: false, error: expect.stringMatching(REFUSED) });
      // And back, by the new owner.
      const back = await callAction(app.url, "transferOwnershipAction", [owner], { cookie: cookies.admin });
      expect(back.value).toMatchObject({ ok: true });
      console.log(`role matrix on ${suite.kind}: ${checks} checks`);
    },
  );
});

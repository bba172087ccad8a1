/**
 * The tenant isolation matrix: two tenants, each with users, a group, identity providers, tokens,
 * an admin and a signed-in end user. Every SCIM route × method is tried with the other tenant's
 * token, the other tenant's ids in the path, in filters, in member references and in Bulk; every
 * admin page and export × (own admin, other tenant's admin, end user, no session). Expected: no
 * cross-tenant read or write — and the other tenant's data is byte-for-byte unchanged afterwards.
 */
import { beforeAll, expect } from "vitest";
import { credentialsSignIn, queryRows } from "../support/app";
import { dbTest, describeEachDatabase, type ProvisionedTenant } from "../support/fixtures";
import {
  addMembers,
  bulkBody,
  groupBody,
  patchOp,
  removeMember,
  replaceOp,
  userBody,
} from "../support/scim-requests";
import { addSsoIdp, postSamlResponse } from "../support/sso";
import { TestIdp } from "../support/test-idp";

type Side = ProvisionedTenant & {
  userIds: string[];
  userNames: string[];
  groupId: string;
  samlIdpId: string;
  adminCookie: string;
  userCookie: string;
};

describeEachDatabase("tenant isolation on %s", { other: "Fabrikam", timeout: 180_000 }, (suite) => {
  let a: Side;
  let b: Side;
  let checks = 0;
  const idp = { current: null as TestIdp | null };

  const scim = (
    side: { tenantUrl: string; token: string },
    method: string,
    p: string,
    body?: unknown,
    token = side.token,
  ) =>
    fetch(`${side.tenantUrl}${p}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  async function setUp(t: ProvisionedTenant, name: string, domain: string): Promise<Side> {
    const { app } = suite;
    const userIds: string[] = [];
    const userNames = [`alice@${domain}`, `bob@${domain}`];
    for (const userName of userNames) {
      const res = await scim(
        t,
        "POST",
        "/Users",
        userBody({
          userName,
          externalId: `ext-${userName}`,
          active: true,
          emails: [{ value: userName, type: "work", primary: true }],
        }),
      );
      expect(res.status).toBe(201);
      userIds.push(((await res.json()) as { id: string }).id);
    }
    const group = await scim(t, "POST", "/Groups", groupBody(`${name} Staff`, [userIds[0]]));
    expect(group.status).toBe(201);
    const groupId = ((await group.json()) as { id: string }).id;
    const sp = await addSsoIdp(app, t.tenantId, {
      name: `${name} SAML`,
      metadata: idp.current!.metadataXml("https://idp.test.example"),
    });
    const samlIdpId = sp.idpId;
    const acs = await postSamlResponse(
      sp.acsUrl,
      idp.current!.samlResponse({ audience: sp.entityId, acsUrl: sp.acsUrl, nameId: userNames[1]! }),
    );
    const userCookie = acs.headers.get("set-cookie")!.split(";")[0]!;
    const signedIn = await credentialsSignIn(app, t.email, t.password);
    if (!("cookie" in signedIn)) throw new Error("admin sign-in failed");
    return {
      ...t,
      userIds,
      userNames,
      groupId,
      samlIdpId,
      adminCookie: signedIn.cookie,
      userCookie,
    };
  }

  /** Each tenant-owned table with a column order that makes its dump stable. */
  const TABLES: Record<string, string> = {
    ScimUser: "id",
    ScimUserEmail: `"userId", position`,
    ScimGroup: "id",
    ScimGroupMember: `"groupId", "memberId"`,
    IdentityProvider: "id",
    ProvisioningToken: "id",
    Admin: "id",
    UserSession: "id",
    SsoDomain: "domain",
  };
  async function snapshot(tenantId: string): Promise<string> {
    const out: Record<string, unknown> = {};
    for (const [table, order] of Object.entries(TABLES)) {
      out[table] = await queryRows(
        suite.app.database,
        `SELECT * FROM "${table}" WHERE "tenantId" = ? ORDER BY ${order}`,
        [tenantId],
      );
    }
    return JSON.stringify(out);
  }

  let bBefore = "";

  beforeAll(async () => {
    idp.current = await TestIdp.create();
    a = await setUp(suite.tenant, "Contoso", "contoso.example");
    b = await setUp(suite.other, "Fabrikam", "fabrikam.example");
    bBefore = await snapshot(b.tenantId);
  }, 180_000);

  // The portal first: the SCIM attempts below leave the attacker's own log mentioning the other
  // tenant's ids (as the attacker sent them), which the page check would then rightly find.
  const PAGES = (s: Side) => [
    "/dashboard",
    "/users",
    `/users/${s.userIds[0]}`,
    "/groups",
    `/groups/${s.groupId}`,
    "/identity-providers",
    `/identity-providers/${s.idpId}`,
    `/identity-providers/${s.idpId}/edit`,
    `/identity-providers/${s.idpId}/sso`,
    `/identity-providers/${s.idpId}/provisioning`,
    `/identity-providers/${s.idpId}/activity`,
    `/identity-providers/${s.idpId}/health`,
    "/logs",
    "/audit",
    "/settings/profile",
    "/settings/team",
    "/settings/guard",
    "/api/export/users.csv",
    "/api/export/groups.csv",
  ];
  const page = (p: string, cookie: string | null) =>
    fetch(`${suite.app.url}${p}`, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });

  dbTest("shows an admin their own tenant's pages, and none of the other tenant's", async () => {
    for (const p of PAGES(a)) {
      const res = await page(p, a.adminCookie);
      expect(res.status, p).toBe(200);
      const html = await res.text();
      for (const secret of [...b.userNames, "Fabrikam", b.userIds[0]!, b.groupId])
        expect(html, `${p} shows ${secret}`).not.toContain(secret);
      checks++;
    }
    for (const p of PAGES(b).filter((x) => /[0-9a-f-]{36}/.test(x))) {
      const res = await page(p, a.adminCookie);
      expect(res.status, p).toBe(404);
      checks++;
    }
  });

  dbTest("sends end users and visitors without a session to sign-in", async () => {
    for (const cookie of [a.userCookie, null]) {
      for (const p of PAGES(a)) {
        const res = await page(p, cookie);
        expect([307, 401], p).toContain(res.status);
        if (res.status === 307) expect(res.headers.get("location"), p).toContain("/signin");
        checks++;
      }
    }
    const account = await (await page("/account", a.userCookie)).text();
    expect(account).toContain(a.userNames[1]);
    expect(account).not.toContain("fabrikam");
    checks++;
  });

  const ROUTES = [
    "/Users",
    "/Groups",
    "/Bulk",
    "/Schemas",
    "/ServiceProviderConfig",
    "/ResourceTypes",
    "/Me",
  ];
  const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

  dbTest("refuses a token on the other tenant's URL: every route × method", async () => {
    for (const route of [...ROUTES, `/Users/${b.userIds[0]}`, `/Groups/${b.groupId}`]) {
      for (const method of METHODS) {
        const res = await scim(
          b,
          method,
          route,
          method === "GET" || method === "DELETE" ? undefined : userBody({ userName: "x" }),
          a.token,
        );
        expect(res.status, `${method} ${route}`).toBe(401);
        checks++;
      }
    }
  });

  dbTest(
    "answers 404 for the other tenant's ids in the path, with the single tenant URL too",
    async ({ app }) => {
      const single = { tenantUrl: new URL("/api/scim/v2", app.url).toString(), token: a.token };
      for (const side of [a, single]) {
        for (const [p, body] of [
          [`/Users/${b.userIds[0]}`, userBody({ userName: "stolen@contoso.example" })],
          [`/Groups/${b.groupId}`, groupBody("Stolen")],
        ] as const) {
          for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
            const payload = method === "PATCH" ? patchOp(replaceOp("displayName", "Owned")) : body;
            const res = await scim(
              side,
              method,
              p,
              method === "GET" || method === "DELETE" ? undefined : payload,
            );
            expect(res.status, `${method} ${p}`).toBe(404);
            checks++;
          }
        }
      }
    },
  );

  dbTest("finds nothing of the other tenant through filters", async () => {
    const filters = [
      `/Users?filter=${encodeURIComponent(`id eq "${b.userIds[0]}"`)}`,
      `/Users?filter=${encodeURIComponent(`userName eq "${b.userNames[0]}"`)}`,
      `/Users?filter=${encodeURIComponent(`externalId eq "ext-${b.userNames[0]}"`)}`,
      `/Users?filter=${encodeURIComponent(`emails.value eq "${b.userNames[1]}"`)}`,
      `/Users?filter=${encodeURIComponent(`userName co "fabrikam"`)}`,
      `/Users?filter=${encodeURIComponent(`groups.value eq "${b.groupId}"`)}`,
      `/Groups?filter=${encodeURIComponent(`id eq "${b.groupId}"`)}`,
      `/Groups?filter=${encodeURIComponent(`displayName eq "Fabrikam Staff"`)}`,
      `/Groups?filter=${encodeURIComponent(`members.value eq "${b.userIds[0]}"`)}`,
    ];
    for (const f of filters) {
      const res = await scim(a, "GET", f);
      expect(res.status, f).toBe(200);
      expect(((await res.json()) as { totalResults: number }).totalResults, f).toBe(0);
      checks++;
    }
    const all = await (await scim(a, "GET", "/Users?count=1000")).text();
    expect(all).not.toContain("fabrikam");
    checks++;
  });

  dbTest("refuses the other tenant's users as group members (POST, PUT, PATCH)", async () => {
    const post = await scim(a, "POST", "/Groups", groupBody("Mixed", [b.userIds[0]]));
    expect(post.status).toBe(400);
    const put = await scim(a, "PUT", `/Groups/${a.groupId}`, groupBody("Contoso Staff", [b.userIds[1]]));
    expect(put.status).toBe(400);
    const patch = await scim(a, "PATCH", `/Groups/${a.groupId}`, patchOp(addMembers(b.userIds[0])));
    expect(patch.status).toBe(400);
    const remove = await scim(a, "PATCH", `/Groups/${b.groupId}`, patchOp(removeMember(b.userIds[0])));
    expect(remove.status).toBe(404);
    checks += 4;
  });

  dbTest("keeps Bulk operations inside the tenant", async () => {
    const res = await scim(
      a,
      "POST",
      "/Bulk",
      bulkBody([
        { method: "DELETE", path: `/Users/${b.userIds[1]}` },
        {
          method: "PATCH",
          path: `/Groups/${b.groupId}`,
          data: patchOp(replaceOp("displayName", "Owned")),
        },
        {
          method: "PUT",
          path: `/Users/${b.userIds[0]}`,
          data: userBody({ userName: "owned@contoso.example" }),
        },
        { method: "POST", path: "/Groups", bulkId: "g1", data: groupBody("Bulk mixed", [b.userIds[0]]) },
        { method: "PATCH", path: `/Groups/${a.groupId}`, data: patchOp(addMembers(b.userIds[1])) },
      ]),
    );
    expect(res.status).toBe(200);
    const statuses = ((await res.json()) as { Operations: { status: string }[] }).Operations.map(
      (o) => o.status,
    );
    expect(statuses).toEqual(["404", "404", "404", "400", "400"]);
    checks += statuses.length;
  });

  dbTest("left the other tenant's data unchanged, and prints the matrix size", async ({ app, kind }) => {
    expect(await snapshot(b.tenantId)).toBe(bBefore);
    const leaked = await queryRows(
      app.database,
      `SELECT m."memberId" FROM "ScimGroupMember" m WHERE m."tenantId" = ? AND m."memberId" IN (?, ?)`,
      [a.tenantId, b.userIds[0], b.userIds[1]],
    );
    expect(leaked).toHaveLength(0);
    checks += 2;
    console.log(`tenant isolation matrix on ${kind}: ${checks} checks, 0 cross-tenant reads or writes`);
  });
});

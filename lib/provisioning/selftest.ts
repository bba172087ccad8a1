/**
 * The compatibility self-test: Entra's request sequence run against this tenant's SCIM endpoint —
 * the same dispatcher, storage and provisioning log as real requests, called in-process for the
 * identity provider (its token is never needed). It works in a sandbox: everything it creates is
 * named rollcall-selftest-…@selftest.invalid and deleted at the end, and it never reads or
 * changes real users.
 */
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { handle } from "@/lib/scim/dispatcher";
import { selfTestServices } from "./scim-endpoint";

/** The self-test's requests name themselves so in the provisioning log. */
export const SELF_TEST_AGENT = "Rollcall self-test";

export type SelfTestStep = { name: string; ok: boolean; status: number; ms: number; detail?: string };

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

type Json = Record<string, unknown>;

export async function runSelfTest(tenantId: string, idpId: string): Promise<SelfTestStep[]> {
  const { prisma } = await db();
  const idp = await prisma.identityProvider.findFirst({
    where: { tenantId, id: idpId },
    select: { provisioningId: true },
  });
  if (!idp) throw new AppError("Identity provider not found", { code: "not_found" });
  // A status a step expects (Test Connection's 404) is no failure: it is not logged as one.
  let expected = 0;
  const base = selfTestServices(tenantId, idpId);
  const services: typeof base = {
    ...base,
    log: (entry) => {
      if (entry.status < 400 || entry.status !== expected) base.log(entry);
    },
  };
  const call = async (method: string, path: string, body?: unknown, expect = 0) => {
    expected = expect;
    const url = new URL(`http://self-test${path}`);
    const started = performance.now();
    const res = await handle(
      {
        method,
        segments: [idp.provisioningId, ...url.pathname.split("/").filter(Boolean).map(decodeURIComponent)],
        query: url.searchParams,
        headers: new Headers({ "user-agent": SELF_TEST_AGENT, "content-type": "application/scim+json" }),
        body: body === undefined ? null : JSON.stringify(body),
        clientIp: "self-test",
      },
      services,
    );
    return {
      status: res.status,
      body: (res.body ?? null) as Json | null,
      ms: Math.round(performance.now() - started),
    };
  };

  const steps: SelfTestStep[] = [];
  const tag = randomUUID().slice(0, 8);
  const userName = `rollcall-selftest-${tag}@selftest.invalid`;
  const created: { users: string[]; groups: string[] } = { users: [], groups: [] };
  const step = async (
    name: string,
    method: string,
    path: string,
    body: unknown,
    expect: number,
    check?: (b: Json | null) => string | null,
  ) => {
    const r = await call(method, path, body, expect);
    const problem =
      r.status !== expect
        ? `expected ${expect}, got ${r.status}: ${String(r.body?.detail ?? "")}`
        : (check?.(r.body) ?? null);
    steps.push({
      name,
      ok: problem === null,
      status: r.status,
      ms: r.ms,
      ...(problem ? { detail: problem } : {}),
    });
    return r.body;
  };
  const q = (filter: string) => `?filter=${encodeURIComponent(filter)}`;

  try {
    await step(
      "Test Connection (filter on a random userName)",
      "GET",
      `/Users${q(`userName eq "${randomUUID()}"`)}`,
      undefined,
      200,
      (b) => (b?.totalResults === 0 ? null : "expected an empty list"),
    );
    const user = await step(
      "Create a user (Entra's body, enterprise extension)",
      "POST",
      "/Users",
      {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
        userName,
        externalId: `selftest-${tag}`,
        active: "True",
        displayName: "Self Test",
        name: { givenName: "Self", familyName: "Test" },
        emails: [{ primary: true, type: "work", value: userName }],
        [ENT]: { department: "Self-test" },
      },
      201,
      (b) => (b?.active === true ? null : "active should come back as a boolean"),
    );
    const userId = typeof user?.id === "string" ? user.id : null;
    if (userId) created.users.push(userId);
    if (userId) {
      await step(
        "Find the user by userName in another case",
        "GET",
        `/Users${q(`userName eq "${userName.toUpperCase()}"`)}`,
        undefined,
        200,
        (b) => (b?.totalResults === 1 ? null : "expected exactly one user"),
      );
      await step(
        "Find the user by externalId (unquoted)",
        "GET",
        `/Users${q(`externalId eq selftest-${tag}`)}`,
        undefined,
        200,
        (b) => (b?.totalResults === 1 ? null : "expected exactly one user"),
      );
      const patch = (ops: Json[]) => ({ schemas: [PATCH_OP], Operations: ops });
      await step(
        "PATCH: Replace displayName",
        "PATCH",
        `/Users/${userId}`,
        patch([{ op: "Replace", path: "displayName", value: "Self Test 2" }]),
        200,
      );
      await step(
        'PATCH: Add emails[type eq "work"].value',
        "PATCH",
        `/Users/${userId}`,
        patch([{ op: "Add", path: 'emails[type eq "work"].value', value: `other-${userName}` }]),
        200,
      );
      await step(
        "PATCH: enterprise department and manager by URN",
        "PATCH",
        `/Users/${userId}`,
        patch([
          { op: "Add", path: `${ENT}:department`, value: "Self-test 2" },
          { op: "Add", path: `${ENT}:manager`, value: userId },
        ]),
        200,
      );
      await step(
        "PATCH: no-path value with dotted and URN keys",
        "PATCH",
        `/Users/${userId}`,
        patch([
          {
            op: "replace",
            value: { "name.familyName": "Tested", [`${ENT}:employeeNumber`]: "42", active: "True" },
          },
        ]),
        200,
      );
      await step(
        'Disable: Replace active "False"',
        "PATCH",
        `/Users/${userId}`,
        patch([{ op: "Replace", path: "active", value: "False" }]),
        200,
        (b) => (b?.active === false ? null : "the user should be disabled"),
      );
      await step("A disabled user is still returned", "GET", `/Users/${userId}`, undefined, 200);
      const group = await step(
        "Create a group with the user as member",
        "POST",
        "/Groups",
        {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
          displayName: `rollcall-selftest-${tag}`,
          members: [{ value: userId }],
        },
        201,
      );
      const groupId = typeof group?.id === "string" ? group.id : null;
      if (groupId) {
        created.groups.push(groupId);
        await step(
          "Find the group by displayName, without members",
          "GET",
          `/Groups${q(`displayName eq "rollcall-selftest-${tag}"`)}&excludedAttributes=members`,
          undefined,
          200,
          (b) => (b?.totalResults === 1 ? null : "expected exactly one group"),
        );
        await step(
          "PATCH: Remove the member",
          "PATCH",
          `/Groups/${groupId}`,
          patch([{ op: "Remove", path: "members", value: [{ value: userId }] }]),
          204,
        );
        await step("Delete the group", "DELETE", `/Groups/${groupId}`, undefined, 204);
        created.groups.pop();
      }
      await step("Delete the user", "DELETE", `/Users/${userId}`, undefined, 204);
      created.users.pop();
      await step("A deleted user is gone (404)", "GET", `/Users/${userId}`, undefined, 404);
    }
  } finally {
    for (const id of created.groups) await call("DELETE", `/Groups/${id}`);
    for (const id of created.users) await call("DELETE", `/Users/${id}`);
  }
  await prisma.identityProvider.updateMany({
    where: { tenantId, id: idpId },
    data: { selfTestAt: new Date(), selfTestSteps: JSON.stringify(steps) },
  });
  return steps;
}

export type SelfTestRun = { at: Date; steps: SelfTestStep[] };

/** The identity provider's last self-test (kept so the Health tab shows it after a reload). */
export async function lastSelfTest(tenantId: string, idpId: string): Promise<SelfTestRun | null> {
  const { prisma } = await db();
  const idp = await prisma.identityProvider.findFirst({
    where: { tenantId, id: idpId },
    select: { selfTestAt: true, selfTestSteps: true },
  });
  if (!idp?.selfTestAt || !idp.selfTestSteps) return null;
  return { at: idp.selfTestAt, steps: JSON.parse(idp.selfTestSteps) as SelfTestStep[] };
}

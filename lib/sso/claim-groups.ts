/**
 * The groups claim an identity provider sent at a person's last sign-in to an application, kept
 * per user and identity provider (SignInClaimGroups). The OpenID Provider's `roles` claim combines
 * it with the provisioned memberships (lib/roles): an identity provider that sends groups at sign-in
 * but does not provision them still decides roles, at sign-in and at each refresh until the next
 * sign-in through that identity provider replaces the list.
 */
import { db } from "@/lib/db";
import type { IdpKey } from "./store";

export async function rememberClaimGroups(
  key: IdpKey,
  userId: string,
  groups: readonly string[],
  now = new Date(),
): Promise<void> {
  const { sql } = await db();
  await sql.run(
    `INSERT INTO "SignInClaimGroups" ("tenantId", "userId", "idpId", groups, "updatedAt") VALUES (?, ?, ?, ?, ?)
     ON CONFLICT ("tenantId", "userId", "idpId") DO UPDATE SET groups = excluded.groups, "updatedAt" = excluded."updatedAt"`,
    [key.tenantId, userId, key.idpId, JSON.stringify(groups), now],
  );
}

/** The values of the groups claim at the user's last sign-in through this identity provider. */
export async function claimGroupsAtSignIn(key: IdpKey, userId: string): Promise<string[]> {
  const { sql } = await db();
  const row = await sql.get<{ groups: string }>(
    `SELECT groups FROM "SignInClaimGroups" WHERE "tenantId" = ? AND "userId" = ? AND "idpId" = ?`,
    [key.tenantId, userId, key.idpId],
  );
  if (!row) return [];
  const parsed: unknown = JSON.parse(row.groups);
  return Array.isArray(parsed) ? parsed.filter((g): g is string => typeof g === "string") : [];
}

/**
 * What Rollcall says about a person to an application: the claims of the ID token and of userinfo,
 * assembled in one place (`assembleClaims`) from the provisioned user as it is now — a name change
 * or a new group reaches the next token or userinfo call. The provider then keeps only the claims
 * of the scopes the application asked for (CLAIMS_BY_SCOPE).
 *
 * - `sub` is not here: oidc-provider sets it (pairwise per application, lib/oidc/accounts.ts).
 * - `email_verified` is true only when the email's domain is one the user's own tenant has
 *   verified by DNS (lib/sso/domains.ts) — the one thing Rollcall can vouch for. An address at any
 *   other domain was provisioned by the identity provider's administrator, who may type anything:
 *   false, not absent, so an application never takes it for verified by mistake.
 * - `groups` lists at most MAX_GROUPS groups ({ id, name }, by name); `groups_truncated` is true
 *   when the user is in more (the application reads the rest from the directory API).
 * - `roles` are the application's role keys in the tenant's precedence order, the first being the
 *   primary role (lib/roles): from the provisioned groups and the groups claim the identity
 *   provider sent at the sign-in (lib/sso/claim-groups.ts), or the tenant's default role. Released
 *   with `openid`, so every application gets them; an empty list when the user has none.
 */
import { db } from "@/lib/db";
import { effectiveRoles } from "@/lib/roles/effective";
import { claimGroupsAtSignIn } from "@/lib/sso/claim-groups";

export const MAX_GROUPS = 100;

/**
 * Which claims each scope releases (oidc-provider's `claims` configuration). `amr` is the sign-in's,
 * not the user's: the provider takes it from the session into the ID token (never userinfo).
 */
export const CLAIMS_BY_SCOPE = {
  openid: ["sub", "org_id", "idp", "amr", "roles"],
  profile: ["name", "given_name", "family_name"],
  email: ["email", "email_verified"],
  groups: ["groups", "groups_truncated"],
} as const;

export type GroupClaim = { id: string; name: string };

export type UserClaims = {
  org_id: string;
  idp: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  email_verified?: boolean;
  groups?: GroupClaim[];
  groups_truncated?: boolean;
  roles: string[];
};

/** The user, as findAccount read it (active and allowed for the application). */
export type ClaimsSubject = {
  tenantId: string;
  userId: string;
  idpId: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
};

async function primaryEmail(tenantId: string, userId: string): Promise<string | null> {
  const { sql } = await db();
  const row = await sql.get<{ value: string }>(
    `SELECT value FROM "ScimUserEmail" WHERE "tenantId" = ? AND "userId" = ?
     ORDER BY CASE WHEN "primary" = ? THEN 0 ELSE 1 END, position LIMIT 1`,
    [tenantId, userId, true],
  );
  return row?.value ?? null;
}

/** True when `email`'s domain is verified by `tenantId` itself (not merely claimed, not another's). */
export async function emailVouchedFor(tenantId: string, email: string): Promise<boolean> {
  const domain = email.trim().toLowerCase().split("@")[1];
  if (!domain) return false;
  const { sql } = await db();
  const row = await sql.get<{ domain: string }>(
    `SELECT domain FROM "SsoDomain" WHERE "tenantId" = ? AND "verifiedDomain" = ?`,
    [tenantId, domain],
  );
  return row !== undefined;
}

async function groupsOf(
  tenantId: string,
  userId: string,
): Promise<{ groups: GroupClaim[]; truncated: boolean }> {
  const { sql } = await db();
  const rows = await sql.all<{ id: string; displayName: string }>(
    `SELECT g.id, g."displayName" FROM "ScimGroupMember" m
     JOIN "ScimGroup" g ON g."tenantId" = m."tenantId" AND g.id = m."groupId"
     WHERE m."tenantId" = ? AND m."memberId" = ?
     ORDER BY g."displayNameLower", g.id LIMIT ?`,
    [tenantId, userId, MAX_GROUPS + 1],
  );
  return {
    groups: rows.slice(0, MAX_GROUPS).map((r) => ({ id: r.id, name: r.displayName })),
    truncated: rows.length > MAX_GROUPS,
  };
}

/** The user's role keys, primary first, with the groups claim of their sign-in through this IdP. */
async function rolesOf(subject: ClaimsSubject): Promise<string[]> {
  const key = { tenantId: subject.tenantId, idpId: subject.idpId };
  const claimGroups = await claimGroupsAtSignIn(key, subject.userId);
  return (await effectiveRoles(subject.tenantId, subject.userId, claimGroups)).roles;
}

/** Every claim the requested scopes may release, for one user. */
export async function assembleClaims(
  subject: ClaimsSubject,
  scopes: ReadonlySet<string>,
): Promise<UserClaims> {
  const claims: UserClaims = {
    org_id: subject.tenantId,
    idp: subject.idpId,
    roles: await rolesOf(subject),
  };
  if (scopes.has("profile")) {
    const name =
      subject.displayName ?? ([subject.givenName, subject.familyName].filter(Boolean).join(" ") || null);
    if (name) claims.name = name;
    if (subject.givenName) claims.given_name = subject.givenName;
    if (subject.familyName) claims.family_name = subject.familyName;
  }
  if (scopes.has("email")) {
    const email = await primaryEmail(subject.tenantId, subject.userId);
    if (email) {
      claims.email = email;
      claims.email_verified = await emailVouchedFor(subject.tenantId, email);
    }
  }
  if (scopes.has("groups")) {
    const { groups, truncated } = await groupsOf(subject.tenantId, subject.userId);
    claims.groups = groups;
    if (truncated) claims.groups_truncated = true;
  }
  return claims;
}

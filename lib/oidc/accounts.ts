/**
 * Accounts as oidc-provider sees them. An account id names the provisioned user and the identity
 * provider that signed them in: `<tenant id>:<user id>:<idp id>` (so `idp` is known at userinfo
 * and refresh without a session). Applications never see it: their `sub` is pairwise — an HMAC of
 * the application's client id, the tenant and the user under a key derived from
 * ROLLCALL_SECRET_KEY — stable for one person in one application, different in every other
 * application, the same whichever of the tenant's identity providers they sign in with.
 *
 * An account exists only while the user is provisioned and active and the application admits the
 * user's tenant: a user disabled or deleted through SCIM is refused at sign-in, at userinfo and at
 * the next refresh (the provider answers `invalid_token` / `invalid_grant`).
 */
import { createHmac } from "node:crypto";
import type { Account, KoaContextWithOIDC } from "oidc-provider";
import { db } from "@/lib/db";
import { toBool } from "@/lib/db/sql";
import { derivedKey } from "@/lib/security/encryption";
import { allowsTenant, findApplicationRecord } from "./applications";
import { assembleClaims, type ClaimsSubject } from "./claims";

export type AccountRef = { tenantId: string; userId: string; idpId: string };

const PART = /^[A-Za-z0-9-]{1,64}$/;

export function accountIdOf(ref: AccountRef): string {
  return `${ref.tenantId}:${ref.userId}:${ref.idpId}`;
}

export function parseAccountId(accountId: string): AccountRef | null {
  const [tenantId, userId, idpId, ...rest] = accountId.split(":");
  if (rest.length > 0 || !tenantId || !userId || !idpId) return null;
  if (![tenantId, userId, idpId].every((p) => PART.test(p))) return null;
  return { tenantId, userId, idpId };
}

/** The `sub` an application sees: the same for one user in one application, unlinkable across them. */
export function pairwiseSubject(clientId: string, accountId: string): string {
  const ref = parseAccountId(accountId);
  const person = ref ? `${ref.tenantId}\0${ref.userId}` : accountId;
  return createHmac("sha256", derivedKey("oidc pairwise subjects").key)
    .update(`${clientId}\0${person}`)
    .digest("base64url");
}

type UserRow = {
  active: unknown;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
};

/** The account's user if it may sign in now, to the application of `clientId` when one is given. */
export async function activeSubject(
  ref: AccountRef,
  clientId: string | undefined,
): Promise<ClaimsSubject | null> {
  if (clientId !== undefined) {
    const app = await findApplicationRecord(clientId);
    if (!app || !allowsTenant(app, ref.tenantId)) return null;
  }
  const { sql } = await db();
  const row = await sql.get<UserRow>(
    `SELECT u.active, u."displayName", u."givenName", u."familyName" FROM "ScimUser" u
     JOIN "IdentityProvider" i ON i."tenantId" = u."tenantId" AND i.id = ?
     WHERE u."tenantId" = ? AND u.id = ?`,
    [ref.idpId, ref.tenantId, ref.userId],
  );
  if (!row || !toBool(row.active)) return null;
  return {
    ...ref,
    displayName: row.displayName,
    givenName: row.givenName,
    familyName: row.familyName,
  };
}

/** oidc-provider's findAccount. */
export async function findAccount(ctx: KoaContextWithOIDC, accountId: string): Promise<Account | undefined> {
  const ref = parseAccountId(accountId);
  if (!ref) return undefined;
  const subject = await activeSubject(ref, ctx.oidc.client?.clientId);
  if (!subject) return undefined;
  return {
    accountId,
    async claims(_use, scope) {
      const scopes = new Set(scope.split(" ").filter(Boolean));
      return { sub: accountId, ...(await assembleClaims(subject, scopes)) };
    },
  };
}

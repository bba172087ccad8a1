/**
 * The admin overview of one tenant: what set-up still lacks, and — once it is done — how
 * provisioning and sign-in are going. Everything is read from the tenant's data (never from the
 * admin looking), so every administrator of a company sees the same state.
 */
import { db } from "@/lib/db";
import { toDate } from "@/lib/db/sql";
import { SSO_READY_SQL } from "@/lib/sso/idp";

export type TenantDashboard = {
  setup: {
    identityProvider: boolean;
    signIn: boolean;
    provisioning: boolean;
    firstUser: boolean;
    firstSignIn: boolean;
  };
  users: number;
  activeUsers: number;
  groups: number;
  /** The provisioning client's latest request, and how it was answered. */
  lastRequest: { at: Date; method: string; path: string; status: number } | null;
  lastHour: { requests: number; clientErrors: number; serverErrors: number };
  /** The identity provider whose signing certificate expires first. */
  certificate: { idpId: string; idpName: string; notAfter: Date } | null;
  /** The oldest active provisioning token (the one to rotate first). */
  token: { idpId: string; idpName: string; createdAt: Date; lastUsedAt: Date | null } | null;
  /** Disables and deletes the deprovisioning guard holds for a decision. */
  held: number;
  signInsToday: number;
  refusalsToday: number;
};

const FIGURES = `SELECT
  (SELECT COUNT(*) FROM "ScimUser" WHERE "tenantId" = ?) AS "users",
  (SELECT COUNT(*) FROM "ScimUser" WHERE "tenantId" = ? AND active = ?) AS "activeUsers",
  (SELECT COUNT(*) FROM "ScimGroup" WHERE "tenantId" = ?) AS "groups",
  (SELECT COUNT(*) FROM "IdentityProvider" WHERE "tenantId" = ?) AS "idps",
  (SELECT COUNT(*) FROM "IdentityProvider" i WHERE i."tenantId" = ? AND ${SSO_READY_SQL}) AS "ssoReady",
  (SELECT COUNT(*) FROM "IdentityProvider" WHERE "tenantId" = ? AND "provisioningEnabled" = ?) AS "provisioning",
  (SELECT COUNT(*) FROM "DeprovisionHold" WHERE "tenantId" = ?) AS "held",
  (SELECT COUNT(*) FROM "ScimRequestLog" WHERE "tenantId" = ? AND at >= ?) AS "requests",
  (SELECT COUNT(*) FROM "ScimRequestLog" WHERE "tenantId" = ? AND at >= ? AND status >= 400 AND status < 500) AS "clientErrors",
  (SELECT COUNT(*) FROM "ScimRequestLog" WHERE "tenantId" = ? AND at >= ? AND status >= 500) AS "serverErrors",
  (SELECT COALESCE(SUM(count), 0) FROM "SsoEvent" WHERE "tenantId" = ? AND at >= ? AND outcome = 'signed-in') AS "signIns",
  (SELECT COALESCE(SUM(count), 0) FROM "SsoEvent" WHERE "tenantId" = ? AND at >= ? AND outcome <> 'signed-in') AS "refusals",
  (SELECT COUNT(*) FROM "SsoEvent" WHERE "tenantId" = ? AND outcome = 'signed-in') AS "everSignedIn"`;

type Figures = Record<
  | "users"
  | "activeUsers"
  | "groups"
  | "idps"
  | "ssoReady"
  | "provisioning"
  | "held"
  | "requests"
  | "clientErrors"
  | "serverErrors"
  | "signIns"
  | "refusals"
  | "everSignedIn",
  number | string
>;

export async function tenantDashboard(tenantId: string, now = new Date()): Promise<TenantDashboard> {
  const { sql } = await db();
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const t = tenantId;
  const [figures, last, certificate, token] = await Promise.all([
    sql.get<Figures>(FIGURES, [
      t,
      t,
      true,
      t,
      t,
      t,
      t,
      true,
      t,
      t,
      hourAgo,
      t,
      hourAgo,
      t,
      hourAgo,
      t,
      today,
      t,
      today,
      t,
    ]),
    sql.get<{ at: unknown; method: string; path: string; status: number }>(
      `SELECT at, method, path, status FROM "ScimRequestLog" WHERE "tenantId" = ? ORDER BY at DESC LIMIT 1`,
      [t],
    ),
    sql.get<{ id: string; displayName: string; notAfter: unknown }>(
      `SELECT id, "displayName", "certificateNotAfter" AS "notAfter" FROM "IdentityProvider"
        WHERE "tenantId" = ? AND "certificateNotAfter" IS NOT NULL ORDER BY "certificateNotAfter" LIMIT 1`,
      [t],
    ),
    sql.get<{ idpId: string; displayName: string; createdAt: unknown; lastUsedAt: unknown }>(
      `SELECT k."idpId", i."displayName", k."createdAt", k."lastUsedAt" FROM "ProvisioningToken" k
         JOIN "IdentityProvider" i ON i."tenantId" = k."tenantId" AND i.id = k."idpId"
        WHERE k."tenantId" = ? AND k."revokedAt" IS NULL ORDER BY k."createdAt" LIMIT 1`,
      [t],
    ),
  ]);
  const n = (key: keyof Figures) => Number(figures?.[key] ?? 0);
  return {
    setup: {
      identityProvider: n("idps") > 0,
      signIn: n("ssoReady") > 0,
      provisioning: n("provisioning") > 0,
      firstUser: n("users") > 0,
      firstSignIn: n("everSignedIn") > 0,
    },
    users: n("users"),
    activeUsers: n("activeUsers"),
    groups: n("groups"),
    lastRequest: last
      ? { at: toDate(last.at)!, method: last.method, path: last.path, status: Number(last.status) }
      : null,
    lastHour: { requests: n("requests"), clientErrors: n("clientErrors"), serverErrors: n("serverErrors") },
    certificate: certificate
      ? { idpId: certificate.id, idpName: certificate.displayName, notAfter: toDate(certificate.notAfter)! }
      : null,
    token: token
      ? {
          idpId: token.idpId,
          idpName: token.displayName,
          createdAt: toDate(token.createdAt)!,
          lastUsedAt: toDate(token.lastUsedAt),
        }
      : null,
    held: n("held"),
    signInsToday: n("signIns"),
    refusalsToday: n("refusals"),
  };
}

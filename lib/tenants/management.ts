/**
 * Tenants managed by the application Rollcall serves (the application API): its own sign-up
 * creates the Rollcall tenant and invites the first administrator (no password goes through the
 * API; the administrator sets one from the invite link), renames it, deletes it. Each change
 * records its event (tenant.created / tenant.updated / tenant.deleted) in the same transaction.
 * A company's owner may also delete it from the portal (deleteCompany).
 */
import { audit, type Actor } from "@/lib/audit/service";
import { db } from "@/lib/db";
import { afterId } from "@/lib/db/keyset";
import { get, run, toDate } from "@/lib/db/sql";
import { recordEvent } from "@/lib/events/outbox";
import type { TenantView } from "@/lib/events/payloads";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { companyDeletedMail } from "@/lib/mail/templates";
import { sendInBackground } from "@/lib/mail/transport";
import { invalidateTokenCache } from "@/lib/provisioning/tokens";
import { insertInvite, inviteUrl, newInvite } from "./invites";
import { insertTenant, tenantPayload } from "./service";

/** Tenants with an id after `after` (ids are time-ordered: oldest first). */
export async function tenantsPage(after: string | undefined, limit: number): Promise<TenantView[]> {
  const { prisma } = await db();
  const rows = await prisma.tenant.findMany({
    ...afterId(after, limit),
    select: { id: true, name: true, createdAt: true },
  });
  return rows.map(tenantPayload);
}

export async function tenantById(tenantId: string): Promise<TenantView | null> {
  const { prisma } = await db();
  const row = await prisma.tenant.findUnique({
    where: { id: tenantId },
    select: { id: true, name: true, createdAt: true },
  });
  return row ? tenantPayload(row) : null;
}

export type CreatedTenant = {
  tenant: TenantView;
  invitation: { email: string; url: string; expiresAt: string };
};

/** Creates a tenant and an invitation for its first administrator (refused when the email has an account). */
export async function createTenant(
  input: { name: string; adminEmail: string },
  actor: Actor,
): Promise<CreatedTenant> {
  const { sql } = await db();
  const tenant = { id: newId(), name: input.name, createdAt: new Date() };
  const { row, token } = newInvite(tenant.id, input.adminEmail, actor, "owner");
  const created = await sql.tx(function* () {
    const taken = yield* get(`SELECT id FROM "Admin" WHERE "emailLower" = ?`, [
      input.adminEmail.toLowerCase(),
    ]);
    if (taken) return false;
    yield* insertTenant(sql.dialect, tenant);
    yield* insertInvite(row);
    yield* audit({ tenantId: tenant.id, actor, action: "admin.invited", target: input.adminEmail });
    return true;
  });
  if (!created) {
    throw new AppError("An account with this email already exists", {
      field: "adminEmail",
      code: "conflict",
    });
  }
  return {
    tenant: tenantPayload(tenant),
    invitation: { email: input.adminEmail, url: inviteUrl(token), expiresAt: row.expiresAt.toISOString() },
  };
}

type TenantRow = { id: string; name: string; createdAt: unknown };

function viewOf(row: TenantRow): TenantView {
  return tenantPayload({ id: row.id, name: row.name, createdAt: toDate(row.createdAt)! });
}

/** Renames a tenant (tenant.updated when the name changes); null when there is no such tenant. */
export async function renameTenant(tenantId: string, name: string): Promise<TenantView | null> {
  const { sql } = await db();
  const lock = sql.dialect === "postgres" ? " FOR UPDATE" : "";
  return sql.tx(function* () {
    const row = yield* get<TenantRow>(`SELECT id, name, "createdAt" FROM "Tenant" WHERE id = ?${lock}`, [
      tenantId,
    ]);
    if (!row) return null;
    const before = viewOf(row);
    if (row.name === name) return before;
    yield* run(`UPDATE "Tenant" SET name = ? WHERE id = ?`, [name, tenantId]);
    const tenant = { ...before, name };
    yield* recordEvent(sql.dialect, {
      tenantId,
      type: "tenant.updated",
      idpId: null,
      data: { tenant, changes: [{ path: "name", before: row.name, after: name }] },
    });
    return tenant;
  });
}

/**
 * Deletes a tenant and everything it has (administrators and their sessions, identity providers,
 * tokens, users, groups, logs: the foreign keys cascade) in one transaction, with tenant.deleted.
 * Its events stay until retention removes them. False when there is no such tenant.
 */
export async function deleteTenant(tenantId: string): Promise<boolean> {
  const { sql } = await db();
  const lock = sql.dialect === "postgres" ? " FOR UPDATE" : "";
  const deleted = await sql.tx(function* () {
    const row = yield* get<TenantRow>(`SELECT id, name, "createdAt" FROM "Tenant" WHERE id = ?${lock}`, [
      tenantId,
    ]);
    if (!row) return false;
    yield* run(`DELETE FROM "Tenant" WHERE id = ?`, [tenantId]);
    yield* recordEvent(sql.dialect, {
      tenantId,
      type: "tenant.deleted",
      idpId: null,
      data: { tenant: viewOf(row) },
    });
    return true;
  });
  // Its SCIM tokens stop at once here (other instances: within SCIM_TOKEN_CACHE_SECONDS).
  if (deleted) invalidateTokenCache();
  return deleted;
}

/**
 * An owner deletes their company from the portal, having typed its name (`typedName`, checked
 * again here). Every administrator is told by mail who did it; the company's audit log goes with
 * it, tenant.deleted tells the application.
 */
export async function deleteCompany(tenantId: string, actor: Actor, typedName: string): Promise<void> {
  const { prisma } = await db();
  const tenant = await prisma.tenant.findUnique({
    where: { id: tenantId },
    select: { name: true, admins: { select: { email: true } } },
  });
  if (!tenant) throw new AppError("No such company", { code: "not_found" });
  if (String(typedName).trim() !== tenant.name)
    throw new AppError("Type the company's name exactly as shown to delete it", { field: "name" });
  if (!(await deleteTenant(tenantId))) throw new AppError("No such company", { code: "not_found" });
  for (const { email } of tenant.admins)
    sendInBackground("notice", companyDeletedMail(email, tenant.name, actor.label));
}

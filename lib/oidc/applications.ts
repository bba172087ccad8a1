/**
 * The applications that sign people in through Rollcall's OpenID Provider: OAuth clients the
 * operator registers (CLI, management API). A confidential application gets a client secret — 256
 * random bits (`rccs_…`), shown once, kept only as a SHA-256 like every other high-entropy secret
 * Rollcall issues (lib/security/token-hash.ts); a public one (a single-page or native app) has no
 * secret and must use PKCE. Redirect URIs are compared exactly. An application may be limited to
 * some tenants; by default every tenant's people may sign in to it.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { afterId } from "@/lib/db/keyset";
import { toDate } from "@/lib/db/sql";
import { AppError, parseInput } from "@/lib/errors";
import { hashToken } from "@/lib/security/token-hash";

export const CLIENT_ID_PREFIX = "rcc_";
export const CLIENT_SECRET_PREFIX = "rccs_";
const CLIENT_ID_RE = /^rcc_[A-Za-z0-9_-]{22}$/;
/** How long the previous secret keeps working after a rotation (unless the rotation says now). */
export const PREVIOUS_SECRET_HOURS = 24;
export const MAX_REDIRECT_URIS = 20;
export const MAX_TENANTS = 1000;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** An absolute https URI without a fragment (http only on a loopback host, for development). */
export const redirectUri = z
  .string()
  .max(2000, "at most 2,000 characters")
  .refine((value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return false;
    }
    if (url.hash || value.includes("#")) return false;
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname));
  }, "must be an absolute https:// URI without a fragment (http:// only on localhost)");

export const applicationInput = z
  .object({
    name: z.string().trim().min(1, "Name the application").max(120, "at most 120 characters"),
    redirectUris: z
      .array(redirectUri)
      .min(1, "at least one redirect URI")
      .max(MAX_REDIRECT_URIS, `at most ${MAX_REDIRECT_URIS}`),
    postLogoutRedirectUris: z
      .array(redirectUri)
      .max(MAX_REDIRECT_URIS, `at most ${MAX_REDIRECT_URIS}`)
      .default([]),
    public: z.boolean().default(false),
    /** The tenants whose people may sign in; null or absent: every tenant. */
    tenantIds: z
      .array(z.string().min(1).max(64))
      .min(1, "at least one tenant (null for every tenant)")
      .max(MAX_TENANTS, `at most ${MAX_TENANTS}`)
      .nullable()
      .default(null),
  })
  .strict();

export type ApplicationInput = z.input<typeof applicationInput>;

export type Application = {
  clientId: string;
  name: string;
  public: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** null: every tenant. */
  tenantIds: string[] | null;
  createdAt: string;
  secretRotatedAt: string | null;
  /** After a rotation, until when the previous secret still works. */
  previousSecretValidUntil: string | null;
};

/** What the OpenID Provider needs of an application (read on every protocol request). */
export type ApplicationRecord = {
  clientId: string;
  name: string;
  secretHashes: string[];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  tenantIds: string[] | null;
};

type Row = {
  id: string;
  name: string;
  secretHash: string | null;
  previousSecretHash: string | null;
  previousSecretUntil: Date | null;
  redirectUris: string;
  postLogoutRedirectUris: string;
  tenantIds: string | null;
  createdAt: Date;
  secretRotatedAt: Date | null;
};

const strings = (json: string | null): string[] | null => {
  if (json === null) return null;
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
};

function view(row: Row, now = new Date()): Application {
  const previous =
    row.previousSecretHash && row.previousSecretUntil && row.previousSecretUntil > now
      ? row.previousSecretUntil.toISOString()
      : null;
  return {
    clientId: row.id,
    name: row.name,
    public: row.secretHash === null,
    redirectUris: strings(row.redirectUris) ?? [],
    postLogoutRedirectUris: strings(row.postLogoutRedirectUris) ?? [],
    tenantIds: strings(row.tenantIds),
    createdAt: row.createdAt.toISOString(),
    secretRotatedAt: row.secretRotatedAt?.toISOString() ?? null,
    previousSecretValidUntil: previous,
  };
}

const newSecret = () => CLIENT_SECRET_PREFIX + randomBytes(32).toString("base64url");

async function checkTenants(tenantIds: string[] | null): Promise<string[] | null> {
  if (tenantIds === null) return null;
  const unique = [...new Set(tenantIds)];
  const { prisma } = await db();
  const found = await prisma.tenant.findMany({ where: { id: { in: unique } }, select: { id: true } });
  const known = new Set(found.map((t) => t.id));
  const missing = unique.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new AppError(`no tenant with id ${missing.slice(0, 3).join(", ")}`, { field: "tenantIds" });
  }
  return unique;
}

/** Registers an application; the secret is returned this once (none for a public application). */
export async function createApplication(
  input: ApplicationInput,
): Promise<{ application: Application; clientSecret: string | null }> {
  const parsed = parseInput(applicationInput, input);
  const tenantIds = await checkTenants(parsed.tenantIds);
  const clientSecret = parsed.public ? null : newSecret();
  const { prisma } = await db();
  const row = await prisma.application.create({
    data: {
      id: CLIENT_ID_PREFIX + randomBytes(16).toString("base64url"),
      name: parsed.name,
      secretHash: clientSecret === null ? null : hashToken(clientSecret),
      redirectUris: JSON.stringify([...new Set(parsed.redirectUris)]),
      postLogoutRedirectUris: JSON.stringify([...new Set(parsed.postLogoutRedirectUris)]),
      tenantIds: tenantIds === null ? null : JSON.stringify(tenantIds),
    },
  });
  return { application: view(row), clientSecret };
}

export const applicationUpdate = applicationInput
  .omit({ public: true })
  .extend({ postLogoutRedirectUris: z.array(redirectUri).max(MAX_REDIRECT_URIS) })
  .partial()
  .strict();

/** Changes an application's name, URIs or tenants (not its kind, not its secret). */
export async function updateApplication(
  clientId: string,
  input: z.input<typeof applicationUpdate>,
): Promise<Application> {
  const parsed = parseInput(applicationUpdate, input);
  await getApplication(clientId);
  const tenantIds = parsed.tenantIds === undefined ? undefined : await checkTenants(parsed.tenantIds);
  const { prisma } = await db();
  const row = await prisma.application.update({
    where: { id: clientId },
    data: {
      name: parsed.name,
      redirectUris: parsed.redirectUris && JSON.stringify([...new Set(parsed.redirectUris)]),
      postLogoutRedirectUris:
        parsed.postLogoutRedirectUris && JSON.stringify([...new Set(parsed.postLogoutRedirectUris)]),
      tenantIds: tenantIds === undefined ? undefined : tenantIds === null ? null : JSON.stringify(tenantIds),
    },
  });
  return view(row);
}

export async function listApplications(): Promise<Application[]> {
  const { prisma } = await db();
  const rows = await prisma.application.findMany({ orderBy: { createdAt: "asc" } });
  const now = new Date();
  return rows.map((r) => view(r, now));
}

/** A page of applications by client id (the management API's list). */
export async function applicationsPage(after: string | undefined, limit: number): Promise<Application[]> {
  const { prisma } = await db();
  const now = new Date();
  return (await prisma.application.findMany(afterId(after, limit))).map((r) => view(r, now));
}

export async function getApplication(clientId: string): Promise<Application> {
  const { prisma } = await db();
  const row = CLIENT_ID_RE.test(clientId)
    ? await prisma.application.findUnique({ where: { id: clientId } })
    : null;
  if (!row) throw new AppError(`no application with client id ${clientId}`, { code: "not_found" });
  return view(row);
}

/**
 * Removes an application. Its tokens stop working at once: every protocol request reads the
 * application, and one that is gone is an unknown client.
 */
export async function removeApplication(clientId: string): Promise<void> {
  await getApplication(clientId);
  const { prisma } = await db();
  await prisma.application.delete({ where: { id: clientId } });
}

/**
 * A new client secret, returned this once. The previous one keeps working for
 * PREVIOUS_SECRET_HOURS so the application can switch without an outage — or not at all with
 * `immediately` (a leaked secret).
 */
export async function rotateApplicationSecret(
  clientId: string,
  { immediately = false }: { immediately?: boolean } = {},
): Promise<{ clientId: string; clientSecret: string; previousSecretValidUntil: string | null }> {
  const current = await getApplication(clientId);
  if (current.public) {
    throw new AppError("a public application has no client secret", { code: "conflict" });
  }
  const { prisma } = await db();
  const row = await prisma.application.findUniqueOrThrow({ where: { id: clientId } });
  const clientSecret = newSecret();
  const now = new Date();
  const until = immediately ? null : new Date(now.getTime() + PREVIOUS_SECRET_HOURS * 3_600_000);
  await prisma.application.update({
    where: { id: clientId },
    data: {
      secretHash: hashToken(clientSecret),
      previousSecretHash: until ? row.secretHash : null,
      previousSecretUntil: until,
      secretRotatedAt: now,
    },
  });
  return { clientId, clientSecret, previousSecretValidUntil: until?.toISOString() ?? null };
}

/** The application as the OpenID Provider sees it, or null (a single indexed read, no cache). */
export async function findApplicationRecord(clientId: string): Promise<ApplicationRecord | null> {
  if (!CLIENT_ID_RE.test(clientId)) return null;
  const { sql } = await db();
  const row = await sql.get<{
    id: string;
    name: string;
    secretHash: string | null;
    previousSecretHash: string | null;
    previousSecretUntil: unknown;
    redirectUris: string;
    postLogoutRedirectUris: string;
    tenantIds: string | null;
  }>(
    `SELECT id, name, "secretHash", "previousSecretHash", "previousSecretUntil", "redirectUris",
            "postLogoutRedirectUris", "tenantIds"
     FROM "Application" WHERE id = ?`,
    [clientId],
  );
  if (!row) return null;
  const until = toDate(row.previousSecretUntil);
  const previous = row.previousSecretHash && until && until > new Date() ? [row.previousSecretHash] : [];
  return {
    clientId: row.id,
    name: row.name,
    secretHashes: row.secretHash ? [row.secretHash, ...previous] : [],
    redirectUris: strings(row.redirectUris) ?? [],
    postLogoutRedirectUris: strings(row.postLogoutRedirectUris) ?? [],
    tenantIds: strings(row.tenantIds),
  };
}

/** Whether people of `tenantId` may sign in to the application. */
export function allowsTenant(app: Pick<ApplicationRecord, "tenantIds">, tenantId: string): boolean {
  return app.tenantIds === null || app.tenantIds.includes(tenantId);
}

/**
 * Set-up links (decision 0018): an admin gives the customer's IT person a time-limited link with
 * which they configure the company's identity providers and provisioning — nothing else — without
 * an admin account. The link's token (256 random bits) is kept only as its SHA-256. The first
 * browser that starts the set-up holds the link: a random value goes into that browser's cookie and
 * only its SHA-256 is kept; any other browser is refused. Creating, starting and revoking are
 * audited, and every change made through a link is audited under its name.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { audit, type Actor } from "@/lib/audit/service";
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db";
import { get, run, toDate } from "@/lib/db/sql";
import { AppError, parseInput } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { hashToken, newLinkToken } from "@/lib/security/token-hash";

import { SETUP_LINK_VALIDITY, type SetupLinkValidity } from "./choices";

const VALIDITY_HOURS: Record<SetupLinkValidity, number> = { "24h": 24, "7d": 168 };

export const setupLinkInput = z.object({
  label: z.string().trim().min(1, "Say who the link is for").max(80, "At most 80 characters"),
  validity: z.enum(["24h", "7d"], { message: "Choose 24 hours or 7 days" }),
});
export type SetupLinkInput = z.input<typeof setupLinkInput>;

export function setupLinkUrl(token: string): string {
  return `${appUrl()}/setup/${token}`;
}

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** Who acts through a link, as the audit log names them. */
export function setupActor(label: string): Actor {
  return { adminId: null, label: `Set-up link “${label}”` };
}

export async function createSetupLink(tenantId: string, actor: Actor, input: SetupLinkInput) {
  const { label, validity } = parseInput(setupLinkInput, input);
  const { token, hash } = newLinkToken();
  const id = newId();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + VALIDITY_HOURS[validity] * 3_600_000);
  const { sql } = await db();
  await sql.tx(function* () {
    yield* run(
      `INSERT INTO "SetupLink" ("tenantId", id, "tokenHash", label, "createdBy", "createdAt", "expiresAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [tenantId, id, hash, label, actor.label, now, expiresAt],
    );
    yield* audit({
      tenantId,
      actor,
      action: "setup_link.created",
      target: label,
      detail: `valid ${SETUP_LINK_VALIDITY[validity]}`,
    });
  });
  return { id, label, url: setupLinkUrl(token), expiresAt };
}

export type SetupLinkState = "waiting" | "in-use" | "expired" | "revoked";

export async function listSetupLinks(tenantId: string, now = new Date()) {
  const { prisma } = await db();
  const rows = await prisma.setupLink.findMany({
    where: { tenantId },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: {
      id: true,
      label: true,
      createdBy: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      claimedAt: true,
      lastUsedAt: true,
    },
  });
  return rows.map((l) => ({
    ...l,
    state: (l.revokedAt
      ? "revoked"
      : l.expiresAt <= now
        ? "expired"
        : l.claimedAt
          ? "in-use"
          : "waiting") satisfies SetupLinkState as SetupLinkState,
  }));
}

export async function revokeSetupLink(tenantId: string, actor: Actor, id: string): Promise<void> {
  const { sql } = await db();
  const done = await sql.tx(function* () {
    const link = yield* get<{ label: string }>(
      `SELECT label FROM "SetupLink" WHERE "tenantId" = ? AND id = ? AND "revokedAt" IS NULL`,
      [tenantId, id],
    );
    if (!link) return false;
    yield* run(`UPDATE "SetupLink" SET "revokedAt" = ? WHERE "tenantId" = ? AND id = ?`, [
      new Date(),
      tenantId,
      id,
    ]);
    yield* audit({ tenantId, actor, action: "setup_link.revoked", target: link.label });
    return true;
  });
  if (!done) throw new AppError("Set-up link not found or already revoked", { code: "not_found" });
}

type LinkRow = {
  tenantId: string;
  id: string;
  label: string;
  expiresAt: unknown;
  revokedAt: unknown;
  claimedAt: unknown;
  browserHash: string | null;
  companyName: string;
};

async function findLink(token: string): Promise<LinkRow | null> {
  if (!TOKEN_RE.test(token)) return null;
  const { sql } = await db();
  const row = await sql.get<LinkRow>(
    `SELECT l."tenantId", l.id, l.label, l."expiresAt", l."revokedAt", l."claimedAt", l."browserHash", t.name AS "companyName"
       FROM "SetupLink" l JOIN "Tenant" t ON t.id = l."tenantId" WHERE l."tokenHash" = ?`,
    [hashToken(token)],
  );
  return row ?? null;
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** What a link can do for the browser that opens it. */
export type SetupLinkStatus =
  | { state: "unknown" }
  | { state: "revoked" | "expired" | "other-browser"; companyName: string }
  | { state: "unstarted"; companyName: string; label: string; expiresAt: Date }
  | { state: "ready"; principal: SetupPrincipal };

export type SetupPrincipal = {
  tenantId: string;
  linkId: string;
  label: string;
  companyName: string;
  expiresAt: Date;
  actor: Actor;
};

/** The link's state for a browser holding `browserSecret` (its cookie), and who acts through it. */
export async function setupLinkStatus(
  token: string,
  browserSecret: string | null,
  now = new Date(),
): Promise<SetupLinkStatus> {
  const link = await findLink(token);
  if (!link) return { state: "unknown" };
  const { companyName } = link;
  if (link.revokedAt !== null) return { state: "revoked", companyName };
  const expiresAt = toDate(link.expiresAt)!;
  if (expiresAt <= now) return { state: "expired", companyName };
  if (link.browserHash === null) return { state: "unstarted", companyName, label: link.label, expiresAt };
  if (!browserSecret || !sameHash(hashToken(browserSecret), link.browserHash)) {
    return { state: "other-browser", companyName };
  }
  return {
    state: "ready",
    principal: {
      tenantId: link.tenantId,
      linkId: link.id,
      label: link.label,
      companyName,
      expiresAt,
      actor: setupActor(link.label),
    },
  };
}

/**
 * Starts the set-up in this browser: the link is bound to it (once — a second browser is refused)
 * and the answer is the value for its cookie.
 */
export async function startSetupLink(token: string, now = new Date()): Promise<{ browserSecret: string }> {
  // Without the browser's cookie a started link reads as another browser's.
  const status = await setupLinkStatus(token, null, now);
  if (status.state !== "unstarted") throw refusal(status.state === "ready" ? "other-browser" : status.state);
  const link = (await findLink(token))!;
  const browserSecret = randomBytes(32).toString("base64url");
  const { sql } = await db();
  const bound = await sql.tx(function* () {
    const result = yield* run(
      `UPDATE "SetupLink" SET "claimedAt" = ?, "browserHash" = ?, "lastUsedAt" = ? WHERE "tenantId" = ? AND id = ? AND "browserHash" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > ?`,
      [now, hashToken(browserSecret), now, link.tenantId, link.id, now],
    );
    if (result.changes !== 1) return false;
    yield* audit({
      tenantId: link.tenantId,
      actor: setupActor(link.label),
      action: "setup_link.started",
      target: link.label,
    });
    return true;
  });
  if (!bound) throw refusal("other-browser");
  return { browserSecret };
}

/** For the set-up pages' actions: who acts, or an AppError that says why the link does not work. */
export async function requireSetupLink(token: string, browserSecret: string | null): Promise<SetupPrincipal> {
  const status = await setupLinkStatus(token, browserSecret);
  if (status.state !== "ready") throw refusal(status.state);
  const { sql } = await db();
  await sql.run(`UPDATE "SetupLink" SET "lastUsedAt" = ? WHERE "tenantId" = ? AND id = ?`, [
    new Date(),
    status.principal.tenantId,
    status.principal.linkId,
  ]);
  return status.principal;
}

export const REFUSALS: Record<Exclude<SetupLinkStatus["state"], "ready">, string> = {
  unknown: "This set-up link does not exist. Ask the company's administrator for a new one.",
  revoked: "This set-up link was revoked by the company's administrator.",
  expired: "This set-up link has expired. Ask the company's administrator for a new one.",
  "other-browser":
    "This set-up link is already in use in another browser. Continue there, or ask the company's administrator for a new link.",
  unstarted: "Start the set-up first.",
};

function refusal(state: Exclude<SetupLinkStatus["state"], "ready">): AppError {
  return new AppError(REFUSALS[state], { code: state === "unknown" ? "not_found" : "forbidden" });
}

/**
 * oidc-provider's storage (its `Adapter`), in the database through our SQL layer, so every instance
 * sees the same sessions, interactions, codes, tokens and grants (nothing is kept in memory).
 *
 * - A row is one model's object: `OidcModel` (model, id), the payload as JSON text.
 * - Expiry: a row past `expiresAt` is never returned, and is deleted by the periodic prune.
 * - Single use: `consume` marks the row with one conditional UPDATE. Of two instances redeeming the
 *   same authorization code (or rotating the same refresh token) at once, exactly one changes the
 *   row; the other is answered `invalid_grant`, and the grant's tokens are revoked (RFC 6749
 *   §4.1.2: a code used twice revokes what it issued). A consumed row stays until it expires, so a
 *   later replay is recognised too.
 */
import { errors, type Adapter, type AdapterPayload } from "oidc-provider";
import { db } from "@/lib/db";
import { duePrune } from "@/lib/db/prune";
import { toDate } from "@/lib/db/sql";

type Row = { payload: string; consumedAt: unknown };

/** Deletes expired rows; any instance may run it, each at most once a minute. */
export async function pruneExpiredModels(now = new Date()): Promise<void> {
  if (!duePrune("oidc-models", now.getTime())) return;
  const { sql } = await db();
  await sql.run(`DELETE FROM "OidcModel" WHERE "expiresAt" <= ?`, [now]);
}

function parse(row: Row | undefined): AdapterPayload | undefined {
  if (!row) return undefined;
  const payload = JSON.parse(row.payload) as AdapterPayload;
  const consumedAt = toDate(row.consumedAt);
  if (consumedAt) payload.consumed = Math.floor(consumedAt.getTime() / 1000);
  return payload;
}

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** One oidc-provider model's rows (everything but clients, which are our applications). */
export class OidcStore implements Adapter {
  constructor(readonly model: string) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const { sql } = await db();
    const now = new Date();
    const expiresAt = expiresIn ? new Date(now.getTime() + expiresIn * 1000) : null;
    const consumedAt = typeof payload.consumed === "number" ? new Date(payload.consumed * 1000) : null;
    const rest: AdapterPayload = { ...payload };
    delete rest.consumed;
    await sql.run(
      `INSERT INTO "OidcModel" (model, id, payload, "grantId", uid, "userCode", "expiresAt", "consumedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, "grantId" = excluded."grantId",
         uid = excluded.uid, "userCode" = excluded."userCode", "expiresAt" = excluded."expiresAt",
         "consumedAt" = COALESCE("OidcModel"."consumedAt", excluded."consumedAt")`,
      [
        this.model,
        id,
        JSON.stringify(rest),
        text(payload.grantId),
        text(payload.uid),
        text(payload.userCode),
        expiresAt,
        consumedAt,
      ],
    );
    void pruneExpiredModels(now).catch(() => undefined);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.findBy("id", id);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findBy("uid", uid);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findBy('"userCode"', userCode);
  }

  private async findBy(
    column: "id" | "uid" | '"userCode"',
    value: string,
  ): Promise<AdapterPayload | undefined> {
    const { sql } = await db();
    return parse(
      await sql.get<Row>(
        `SELECT payload, "consumedAt" FROM "OidcModel"
         WHERE model = ? AND ${column} = ? AND ("expiresAt" IS NULL OR "expiresAt" > ?)`,
        [this.model, value, new Date()],
      ),
    );
  }

  async consume(id: string): Promise<void> {
    const { sql } = await db();
    const { changes } = await sql.run(
      `UPDATE "OidcModel" SET "consumedAt" = ? WHERE model = ? AND id = ? AND "consumedAt" IS NULL`,
      [new Date(), this.model, id],
    );
    if (changes === 1) return;
    // Another request (on any instance) consumed it between its read and ours.
    const row = await sql.get<{ grantId: string | null }>(
      `SELECT "grantId" FROM "OidcModel" WHERE model = ? AND id = ?`,
      [this.model, id],
    );
    if (row?.grantId) await revokeGrant(row.grantId);
    throw new errors.InvalidGrant("grant already used");
  }

  async destroy(id: string): Promise<void> {
    const { sql } = await db();
    await sql.run(`DELETE FROM "OidcModel" WHERE model = ? AND id = ?`, [this.model, id]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const { sql } = await db();
    await sql.run(`DELETE FROM "OidcModel" WHERE model = ? AND "grantId" = ?`, [this.model, grantId]);
  }

  /**
   * Reads and deletes a row in one statement: true single use for values of our own (the sign-in
   * hand-off), whichever instance asks first.
   */
  async take(id: string): Promise<AdapterPayload | undefined> {
    const { sql } = await db();
    return parse(
      await sql.get<Row>(
        `DELETE FROM "OidcModel" WHERE model = ? AND id = ? AND ("expiresAt" IS NULL OR "expiresAt" > ?)
         RETURNING payload, "consumedAt"`,
        [this.model, id, new Date()],
      ),
    );
  }
}

/** Every token, code and the grant itself: a grant is revoked as a whole. */
export async function revokeGrant(grantId: string): Promise<void> {
  const { sql } = await db();
  await sql.run(`DELETE FROM "OidcModel" WHERE "grantId" = ? OR (model = 'Grant' AND id = ?)`, [
    grantId,
    grantId,
  ]);
}

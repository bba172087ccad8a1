/**
 * The OpenID Provider's signing keys: RSA 2048 (RS256, the algorithm every relying party
 * supports), made on first use and by `oidc rotate-keys`, kept in `OidcSigningKey` sealed with
 * AES-256-GCM under a key derived from ROLLCALL_SECRET_KEY (lib/security/encryption.ts; the row's
 * kid is the additional data). Generations count up: the newest signs; the one before it is still
 * published in the JWKS, so tokens it signed keep verifying during a rollover; older ones are
 * deleted by the next rotation. Every instance notices a new generation within
 * KEY_CHECK_SECONDS (lib/oidc/provider.ts).
 */
import { createHash, generateKeyPairSync, type JsonWebKey } from "node:crypto";
import { db } from "@/lib/db";
import { UniqueViolation } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { seal, SealedValueUnreadable, unseal } from "@/lib/security/encryption";

const PURPOSE = "oidc signing keys";
export const SIGNING_ALG = "RS256";

export type SigningJwk = JsonWebKey & { kid: string; alg: string; use: "sig" };

export type KeySet = { generation: number; keys: SigningJwk[] };

type Row = { kid: string; generation: number; privateJwk: string };

const aad = (kid: string) => `oidc-signing-key:${kid}`;

/** RFC 7638 thumbprint of an RSA public key: a stable kid. */
function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash("sha256").update(canonical).digest("base64url");
}

function newKey(): { kid: string; sealed: string } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = privateKey.export({ format: "jwk" });
  const kid = thumbprint(jwk);
  return { kid, sealed: seal(JSON.stringify(jwk), PURPOSE, aad(kid)) };
}

async function insertGeneration(generation: number): Promise<{ kid: string } | null> {
  const { sql } = await db();
  const { kid, sealed } = newKey();
  try {
    await sql.run(
      `INSERT INTO "OidcSigningKey" (kid, generation, "privateJwk", "createdAt") VALUES (?, ?, ?, ?)`,
      [kid, generation, sealed, new Date()],
    );
    return { kid };
  } catch (error) {
    // Another instance (or CLI run) made this generation first.
    if (error instanceof UniqueViolation) return null;
    throw error;
  }
}

/** The newest generation, 0 when no key exists yet: the cheap check every instance repeats. */
export async function currentGeneration(): Promise<number> {
  const { sql } = await db();
  const row = await sql.get<{ generation: unknown }>(
    `SELECT MAX(generation) AS generation FROM "OidcSigningKey"`,
  );
  return Number(row?.generation ?? 0);
}

function open(row: Row): SigningJwk {
  const jwk = JSON.parse(unseal(row.privateJwk, PURPOSE, aad(row.kid))) as JsonWebKey;
  return { ...jwk, kid: row.kid, alg: SIGNING_ALG, use: "sig" };
}

/**
 * The keys to publish and sign with, newest first (it signs). Makes the first key when there is
 * none. A key sealed under another ROLLCALL_SECRET_KEY cannot be used: the newest one stops the
 * provider with an error saying to rotate; an older one is left out of the JWKS.
 */
export async function signingKeys(): Promise<KeySet> {
  const { sql } = await db();
  let rows = await sql.all<Row>(
    `SELECT kid, generation, "privateJwk" FROM "OidcSigningKey" ORDER BY generation DESC LIMIT 2`,
  );
  if (rows.length === 0) {
    await insertGeneration(1);
    rows = await sql.all<Row>(
      `SELECT kid, generation, "privateJwk" FROM "OidcSigningKey" ORDER BY generation DESC LIMIT 2`,
    );
  }
  const [newest, previous] = rows.map((r) => ({ ...r, generation: Number(r.generation) }));
  if (!newest) throw new Error("no OpenID Provider signing key could be made");
  let signing: SigningJwk;
  try {
    signing = open(newest);
  } catch (error) {
    if (error instanceof SealedValueUnreadable) {
      throw new Error(
        "the OpenID Provider's signing key was sealed under another ROLLCALL_SECRET_KEY (or NEXTAUTH_SECRET): run `npm run rollcall -- oidc rotate-keys`",
      );
    }
    throw error;
  }
  const keys = [signing];
  if (previous) {
    try {
      keys.push(open(previous));
    } catch (error) {
      if (!(error instanceof SealedValueUnreadable)) throw error;
    }
  }
  return { generation: newest.generation, keys };
}

/**
 * A new signing key. The key it replaces stays published (tokens it signed keep verifying until
 * they expire, at most a refresh token's lifetime for ID tokens kept by relying parties — rotate
 * again no sooner than that if they must verify old ones); keys older than that are deleted.
 */
export async function rotateSigningKeys(): Promise<{
  kid: string;
  generation: number;
  previousKid: string | null;
  retired: string[];
}> {
  const { sql } = await db();
  const generation = (await currentGeneration()) + 1;
  const made = await insertGeneration(generation);
  if (!made) throw new AppError("another key rotation ran at the same time; try again", { code: "conflict" });
  const older = await sql.all<{ kid: string; generation: unknown }>(
    `SELECT kid, generation FROM "OidcSigningKey" WHERE generation < ? ORDER BY generation DESC`,
    [generation],
  );
  const retired = older.slice(1).map((r) => r.kid);
  await sql.run(`DELETE FROM "OidcSigningKey" WHERE generation < ?`, [generation - 1]);
  return { kid: made.kid, generation, previousKid: older[0]?.kid ?? null, retired };
}

/** The published keys (public halves only), for the CLI. */
export async function publishedKeys(): Promise<{ kid: string; generation: number; createdAt: string }[]> {
  const { prisma } = await db();
  const rows = await prisma.oidcSigningKey.findMany({
    orderBy: { generation: "desc" },
    take: 2,
    select: { kid: true, generation: true, createdAt: true },
  });
  return rows.map((r) => ({ kid: r.kid, generation: r.generation, createdAt: r.createdAt.toISOString() }));
}

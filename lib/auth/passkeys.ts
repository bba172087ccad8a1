/**
 * Passkeys (WebAuthn) for administrators, through @simplewebauthn/server: registered from the
 * security settings, used as the second step of a password sign-in or on their own (a passkey
 * proves possession and, with user verification, the person: both factors).
 *
 * The relying party is Rollcall's public URL (APP_URL): its host is the RP ID, its origin the one
 * expected. A ceremony's challenge travels in a short-lived cookie, sealed with the ceremony's
 * purpose and the admin or session it is for, so it cannot be replayed for anything else.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { cookies } from "next/headers";
import { audit } from "@/lib/audit/service";
import { appUrl } from "@/lib/config";
import { db } from "@/lib/db";
import { get, run } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { cookieAttributes, cookieName } from "@/lib/security/cookies";
import { seal, unseal } from "@/lib/security/encryption";
import { completeSession, type PendingSession } from "./two-factor";

type Admin = { id: string; tenantId: string; email: string; name: string };

/** What a challenge is for: registering a passkey, signing in with one, or a second step. */
type Ceremony = `register:${string}` | "sign-in" | `second-factor:${string}`;

/**
 * WebAuthn refuses an IP address as a relying party's ID: when Rollcall runs on a loopback address
 * (a trial on one machine), passkeys work where the same server is reached as `localhost`.
 */
const relyingParty = () => {
  const url = new URL(appUrl());
  if (url.hostname === "127.0.0.1" || url.hostname === "[::1]") url.hostname = "localhost";
  return { rpID: url.hostname, origin: url.origin };
};

async function keepChallenge(ceremony: Ceremony, challenge: string): Promise<void> {
  (await cookies()).set(
    cookieName("passkeyChallenge"),
    seal(challenge, "admin passkey challenges", ceremony),
    cookieAttributes("passkeyChallenge"),
  );
}

/** The challenge of this browser's ceremony, used up (a challenge answers once). */
async function takeChallenge(ceremony: Ceremony): Promise<string> {
  const jar = await cookies();
  const value = jar.get(cookieName("passkeyChallenge"))?.value;
  jar.set(cookieName("passkeyChallenge"), "", cookieAttributes("passkeyChallenge", { clear: true }));
  try {
    if (value) return unseal(value, "admin passkey challenges", ceremony);
  } catch {
    // Another ceremony's, altered, or sealed under an old key: start again.
  }
  throw new AppError("The passkey request expired: try again");
}

type StoredPasskey = {
  id: string;
  tenantId: string;
  adminId: string;
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string;
};

const transportsOf = (text: string) => (text ? (text.split(",") as AuthenticatorTransport[]) : undefined);

async function passkeysOf(admin: { id: string; tenantId: string }): Promise<StoredPasskey[]> {
  const { sql } = await db();
  return sql.all<StoredPasskey>(
    `SELECT id, "tenantId", "adminId", "credentialId", "publicKey", counter, transports FROM "AdminPasskey" WHERE "tenantId" = ? AND "adminId" = ?`,
    [admin.tenantId, admin.id],
  );
}

export async function registrationOptions(admin: Admin): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { rpID } = relyingParty();
  const options = await generateRegistrationOptions({
    rpName: "Rollcall",
    rpID,
    userName: admin.email,
    userDisplayName: admin.name,
    userID: new TextEncoder().encode(admin.id),
    attestationType: "none",
    excludeCredentials: (await passkeysOf(admin)).map((p) => ({
      id: p.credentialId,
      transports: transportsOf(p.transports),
    })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  await keepChallenge(`register:${admin.id}`, options.challenge);
  return options;
}

export async function registerPasskey(
  admin: Admin,
  response: RegistrationResponseJSON,
  name: string,
): Promise<void> {
  const label =
    String(name ?? "")
      .trim()
      .slice(0, 60) || "Passkey";
  const { rpID, origin } = relyingParty();
  const expectedChallenge = await takeChallenge(`register:${admin.id}`);
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: true,
  }).catch(() => null);
  if (!verification?.verified) throw new AppError("The passkey could not be verified: try again");
  const { credential } = verification.registrationInfo;
  const { sql } = await db();
  await sql.tx(function* () {
    yield* run(
      `INSERT INTO "AdminPasskey" ("tenantId", id, "adminId", "credentialId", "publicKey", counter, transports, name, "createdAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        admin.tenantId,
        newId(),
        admin.id,
        credential.id,
        Buffer.from(credential.publicKey).toString("base64url"),
        credential.counter,
        (credential.transports ?? []).join(","),
        label,
        new Date(),
      ],
    );
    yield* audit({
      tenantId: admin.tenantId,
      actor: { adminId: admin.id, label: admin.email },
      action: "admin.passkey_added",
      target: label,
    });
  });
}

export async function removePasskey(admin: Admin, passkeyId: string): Promise<void> {
  const { sql } = await db();
  const removed = await sql.tx(function* () {
    const row = yield* get<{ name: string }>(
      `SELECT name FROM "AdminPasskey" WHERE "tenantId" = ? AND "adminId" = ? AND id = ?`,
      [admin.tenantId, admin.id, passkeyId],
    );
    if (!row) return false;
    yield* run(`DELETE FROM "AdminPasskey" WHERE "tenantId" = ? AND id = ?`, [admin.tenantId, passkeyId]);
    yield* audit({
      tenantId: admin.tenantId,
      actor: { adminId: admin.id, label: admin.email },
      action: "admin.passkey_removed",
      target: row.name,
    });
    return true;
  });
  if (!removed) throw new AppError("No such passkey", { code: "not_found" });
}

/** Options for signing in with a passkey alone (any of the browser's passkeys for Rollcall). */
export async function signInOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    userVerification: "required",
  });
  await keepChallenge("sign-in", options.challenge);
  return options;
}

/** Options for the second step of a password sign-in: the admin's own passkeys. */
export async function secondFactorOptions(
  session: PendingSession,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const passkeys = await passkeysOf(session);
  if (passkeys.length === 0) throw new AppError("You have no passkey: use your authenticator app");
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    userVerification: "preferred",
    allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: transportsOf(p.transports) })),
  });
  await keepChallenge(`second-factor:${session.sessionId}`, options.challenge);
  return options;
}

/** Checks an assertion against a stored passkey; keeps its new signature counter. */
async function verifyAssertion(
  response: AuthenticationResponseJSON,
  ceremony: Ceremony,
  requireUserVerification: boolean,
  owner?: { id: string; tenantId: string },
): Promise<StoredPasskey> {
  const expectedChallenge = await takeChallenge(ceremony);
  const { sql } = await db();
  const stored = await sql.get<StoredPasskey>(
    `SELECT id, "tenantId", "adminId", "credentialId", "publicKey", counter, transports FROM "AdminPasskey" WHERE "credentialId" = ?`,
    [String(response?.id ?? "")],
  );
  const refused = new AppError("This passkey is not one Rollcall knows: sign in with your password");
  if (!stored || (owner && (stored.adminId !== owner.id || stored.tenantId !== owner.tenantId)))
    throw refused;
  const { rpID, origin } = relyingParty();
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification,
    credential: {
      id: stored.credentialId,
      publicKey: new Uint8Array(Buffer.from(stored.publicKey, "base64url")),
      counter: Number(stored.counter),
      transports: transportsOf(stored.transports),
    },
  }).catch(() => null);
  if (!verification?.verified) throw refused;
  await sql.run(`UPDATE "AdminPasskey" SET counter = ?, "lastUsedAt" = ? WHERE "tenantId" = ? AND id = ?`, [
    verification.authenticationInfo.newCounter,
    new Date(),
    stored.tenantId,
    stored.id,
  ]);
  return stored;
}

/** A passkey sign-in: the admin it belongs to, who is then signed in as one who gave both factors. */
export async function passkeySignIn(response: AuthenticationResponseJSON): Promise<Admin> {
  const stored = await verifyAssertion(response, "sign-in", true);
  const { sql } = await db();
  const admin = await sql.get<Admin>(
    `SELECT id, "tenantId", email, name FROM "Admin" WHERE "tenantId" = ? AND id = ?`,
    [stored.tenantId, stored.adminId],
  );
  if (!admin) throw new AppError("This passkey is not one Rollcall knows: sign in with your password");
  return admin;
}

/** The second step of a password sign-in, with one of the admin's passkeys. */
export async function passkeySecondFactor(session: PendingSession, response: AuthenticationResponseJSON) {
  await verifyAssertion(response, `second-factor:${session.sessionId}`, false, session);
  const { sql } = await db();
  await sql.tx(() => completeSession(session, "a passkey"));
}

/** Admin credentials: an email and a password, checked against the admin's argon2id hash. */
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { hashSecret, verifySecret } from "./password";

export type SignedInAdmin = { id: string; tenantId: string; email: string; name: string };

/** Checks an admin's email and password; null when either is wrong (never says which). */
export async function verifyAdminPassword(email: string, password: string): Promise<SignedInAdmin | null> {
  const { prisma } = await db();
  const admin = await prisma.admin.findUnique({ where: { emailLower: email.trim().toLowerCase() } });
  if (!admin) {
    // Spend the same time as a real check, so response time does not reveal which emails exist.
    dummyHash ??= hashSecret(randomBytes(16).toString("hex"));
    await verifySecret(await dummyHash, password);
    return null;
  }
  if (!(await verifySecret(admin.passwordHash, password))) return null;
  return { id: admin.id, tenantId: admin.tenantId, email: admin.email, name: admin.name };
}

let dummyHash: Promise<string> | undefined;

-- Accepted invites go (the audit log records who joined); of several open invites for one address
-- in one company, the newest stays.
DELETE FROM "AdminInvite" i WHERE "acceptedAt" IS NOT NULL OR EXISTS (
  SELECT 1 FROM "AdminInvite" n WHERE n."tenantId" = i."tenantId" AND lower(n.email) = lower(i.email)
    AND n."acceptedAt" IS NULL AND (n."createdAt" > i."createdAt" OR (n."createdAt" = i."createdAt" AND n.id > i.id))
);

-- AlterTable
ALTER TABLE "AdminInvite" DROP COLUMN "acceptedAt",
ADD COLUMN     "emailLower" TEXT;
UPDATE "AdminInvite" SET "emailLower" = lower(email);
ALTER TABLE "AdminInvite" ALTER COLUMN "emailLower" SET NOT NULL;

-- CreateTable
CREATE TABLE "AdminToken" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "adminId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "newEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AdminToken_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "PendingSignUp" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "companyName" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PendingSignUp_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AdminToken_tokenHash_key" ON "AdminToken"("tokenHash");

-- CreateIndex
CREATE INDEX "AdminToken_adminId_purpose_idx" ON "AdminToken"("adminId", "purpose");

-- CreateIndex
CREATE INDEX "AdminToken_expiresAt_idx" ON "AdminToken"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "PendingSignUp_tokenHash_key" ON "PendingSignUp"("tokenHash");

-- CreateIndex
CREATE INDEX "PendingSignUp_expiresAt_idx" ON "PendingSignUp"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "AdminInvite_tenantId_emailLower_key" ON "AdminInvite"("tenantId", "emailLower");

-- AddForeignKey
ALTER TABLE "AdminToken" ADD CONSTRAINT "AdminToken_tenantId_adminId_fkey" FOREIGN KEY ("tenantId", "adminId") REFERENCES "Admin"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

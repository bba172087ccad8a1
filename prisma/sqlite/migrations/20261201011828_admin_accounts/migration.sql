-- CreateTable
CREATE TABLE "AdminToken" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "adminId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "newEmail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "AdminToken_tenantId_adminId_fkey" FOREIGN KEY ("tenantId", "adminId") REFERENCES "Admin" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PendingSignUp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "companyName" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AdminInvite" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailLower" TEXT NOT NULL,
    "invitedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "AdminInvite_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Accepted invites go (the audit log records who joined); of several open invites for one address
-- in one company, the newest stays.
INSERT INTO "new_AdminInvite" ("createdAt", "email", "emailLower", "expiresAt", "id", "invitedById", "tenantId", "tokenHash") SELECT "createdAt", "email", lower("email"), "expiresAt", "id", "invitedById", "tenantId", "tokenHash" FROM "AdminInvite" i
  WHERE "acceptedAt" IS NULL AND NOT EXISTS (
    SELECT 1 FROM "AdminInvite" n WHERE n."tenantId" = i."tenantId" AND lower(n.email) = lower(i.email)
      AND n."acceptedAt" IS NULL AND (n."createdAt" > i."createdAt" OR (n."createdAt" = i."createdAt" AND n.id > i.id))
  );
DROP TABLE "AdminInvite";
ALTER TABLE "new_AdminInvite" RENAME TO "AdminInvite";
CREATE UNIQUE INDEX "AdminInvite_tokenHash_key" ON "AdminInvite"("tokenHash");
CREATE UNIQUE INDEX "AdminInvite_tenantId_emailLower_key" ON "AdminInvite"("tenantId", "emailLower");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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

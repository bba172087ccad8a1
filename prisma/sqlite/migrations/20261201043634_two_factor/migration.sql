-- AlterTable
ALTER TABLE "Admin" ADD COLUMN "totpEnabledAt" DATETIME;
ALTER TABLE "Admin" ADD COLUMN "totpLastStep" INTEGER;
ALTER TABLE "Admin" ADD COLUMN "totpSecret" TEXT;

-- CreateTable
CREATE TABLE "AdminRecoveryCode" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "adminId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" DATETIME,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "AdminRecoveryCode_tenantId_adminId_fkey" FOREIGN KEY ("tenantId", "adminId") REFERENCES "Admin" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AdminPasskey" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "adminId" TEXT NOT NULL,
    "credentialId" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "counter" INTEGER NOT NULL DEFAULT 0,
    "transports" TEXT NOT NULL DEFAULT '',
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "AdminPasskey_tenantId_adminId_fkey" FOREIGN KEY ("tenantId", "adminId") REFERENCES "Admin" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Tenant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "adminSso" BOOLEAN NOT NULL DEFAULT false,
    "guardEnabled" BOOLEAN NOT NULL DEFAULT true,
    "guardPercent" INTEGER NOT NULL DEFAULT 10,
    "guardMinUsers" INTEGER NOT NULL DEFAULT 20,
    "guardWindowMinutes" INTEGER NOT NULL DEFAULT 60,
    "guardTrippedAt" DATETIME,
    "requireTwoFactor" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Tenant" ("adminSso", "createdAt", "guardEnabled", "guardMinUsers", "guardPercent", "guardTrippedAt", "guardWindowMinutes", "id", "name") SELECT "adminSso", "createdAt", "guardEnabled", "guardMinUsers", "guardPercent", "guardTrippedAt", "guardWindowMinutes", "id", "name" FROM "Tenant";
DROP TABLE "Tenant";
ALTER TABLE "new_Tenant" RENAME TO "Tenant";
CREATE TABLE "new_AdminSession" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "adminId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME,
    "address" TEXT,
    "userAgent" TEXT,
    "pendingFactor" BOOLEAN NOT NULL DEFAULT false,
    "factorFailures" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "AdminSession_tenantId_adminId_fkey" FOREIGN KEY ("tenantId", "adminId") REFERENCES "Admin" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AdminSession" ("address", "adminId", "createdAt", "expiresAt", "id", "lastSeenAt", "tenantId", "userAgent") SELECT "address", "adminId", "createdAt", "expiresAt", "id", "lastSeenAt", "tenantId", "userAgent" FROM "AdminSession";
DROP TABLE "AdminSession";
ALTER TABLE "new_AdminSession" RENAME TO "AdminSession";
CREATE INDEX "AdminSession_adminId_idx" ON "AdminSession"("adminId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AdminRecoveryCode_adminId_codeHash_idx" ON "AdminRecoveryCode"("adminId", "codeHash");

-- CreateIndex
CREATE UNIQUE INDEX "AdminPasskey_credentialId_key" ON "AdminPasskey"("credentialId");

-- CreateIndex
CREATE INDEX "AdminPasskey_adminId_idx" ON "AdminPasskey"("adminId");

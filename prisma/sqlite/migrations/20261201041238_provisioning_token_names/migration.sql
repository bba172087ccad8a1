-- AlterTable
ALTER TABLE "IdentityProvider" ADD COLUMN "selfTestAt" DATETIME;
ALTER TABLE "IdentityProvider" ADD COLUMN "selfTestSteps" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ProvisioningToken" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "idpId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "hint" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "lastUsedIp" TEXT,
    "expiresAt" DATETIME,
    "revokedAt" DATETIME,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "ProvisioningToken_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProvisioningToken_tenantId_idpId_fkey" FOREIGN KEY ("tenantId", "idpId") REFERENCES "IdentityProvider" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ProvisioningToken" ("createdAt", "hint", "id", "idpId", "lastUsedAt", "revokedAt", "tenantId", "tokenHash") SELECT "createdAt", "hint", "id", "idpId", "lastUsedAt", "revokedAt", "tenantId", "tokenHash" FROM "ProvisioningToken";
DROP TABLE "ProvisioningToken";
ALTER TABLE "new_ProvisioningToken" RENAME TO "ProvisioningToken";
CREATE UNIQUE INDEX "ProvisioningToken_tokenHash_key" ON "ProvisioningToken"("tokenHash");
CREATE INDEX "ProvisioningToken_tenantId_idpId_createdAt_idx" ON "ProvisioningToken"("tenantId", "idpId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

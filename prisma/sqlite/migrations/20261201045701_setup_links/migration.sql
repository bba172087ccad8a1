-- CreateTable
CREATE TABLE "SetupLink" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    "claimedAt" DATETIME,
    "browserHash" TEXT,
    "lastUsedAt" DATETIME,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "SetupLink_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SetupLink_tokenHash_key" ON "SetupLink"("tokenHash");

-- CreateIndex
CREATE INDEX "SetupLink_tenantId_createdAt_idx" ON "SetupLink"("tenantId", "createdAt");

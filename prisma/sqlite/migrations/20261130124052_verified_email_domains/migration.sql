-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SsoDomain" (
    "tenantId" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "idpId" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "verifiedDomain" TEXT,
    "verifiedAt" DATETIME,
    "checkedAt" DATETIME,
    "checkError" TEXT,
    "failingSince" DATETIME,
    "nextCheckAt" DATETIME,

    PRIMARY KEY ("tenantId", "domain"),
    CONSTRAINT "SsoDomain_tenantId_idpId_fkey" FOREIGN KEY ("tenantId", "idpId") REFERENCES "IdentityProvider" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Existing domains become unverified claims (pending, routing nobody), each with a new random token.
INSERT INTO "new_SsoDomain" ("domain", "idpId", "tenantId", "token") SELECT "domain", "idpId", "tenantId", lower(hex(randomblob(16))) FROM "SsoDomain";
DROP TABLE "SsoDomain";
ALTER TABLE "new_SsoDomain" RENAME TO "SsoDomain";
CREATE UNIQUE INDEX "SsoDomain_verifiedDomain_key" ON "SsoDomain"("verifiedDomain");
CREATE INDEX "SsoDomain_tenantId_idpId_idx" ON "SsoDomain"("tenantId", "idpId");
CREATE INDEX "SsoDomain_nextCheckAt_idx" ON "SsoDomain"("nextCheckAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

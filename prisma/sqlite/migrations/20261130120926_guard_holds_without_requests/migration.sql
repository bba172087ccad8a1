-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_DeprovisionHold" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "idpId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "doc" TEXT,
    "pinHash" TEXT,
    "userVersion" INTEGER,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "DeprovisionHold_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_DeprovisionHold" ("at", "id", "idpId", "kind", "method", "tenantId", "userId") SELECT "at", "id", "idpId", "kind", "method", "tenantId", "userId" FROM "DeprovisionHold";
DROP TABLE "DeprovisionHold";
ALTER TABLE "new_DeprovisionHold" RENAME TO "DeprovisionHold";
CREATE INDEX "DeprovisionHold_tenantId_at_idx" ON "DeprovisionHold"("tenantId", "at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

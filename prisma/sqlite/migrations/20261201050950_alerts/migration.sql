-- CreateTable
CREATE TABLE "AlertSent" (
    "tenantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL,

    PRIMARY KEY ("tenantId", "kind"),
    CONSTRAINT "AlertSent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Admin" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailLower" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "adminView" TEXT NOT NULL DEFAULT 'basic',
    "role" TEXT NOT NULL DEFAULT 'owner',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "totpSecret" TEXT,
    "totpEnabledAt" DATETIME,
    "totpLastStep" INTEGER,
    "alertsOff" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Admin_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Admin" ("adminView", "createdAt", "email", "emailLower", "id", "name", "passwordHash", "role", "tenantId", "totpEnabledAt", "totpLastStep", "totpSecret") SELECT "adminView", "createdAt", "email", "emailLower", "id", "name", "passwordHash", "role", "tenantId", "totpEnabledAt", "totpLastStep", "totpSecret" FROM "Admin";
DROP TABLE "Admin";
ALTER TABLE "new_Admin" RENAME TO "Admin";
CREATE UNIQUE INDEX "Admin_emailLower_key" ON "Admin"("emailLower");
CREATE INDEX "Admin_tenantId_createdAt_idx" ON "Admin"("tenantId", "createdAt");
CREATE UNIQUE INDEX "Admin_tenantId_id_key" ON "Admin"("tenantId", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

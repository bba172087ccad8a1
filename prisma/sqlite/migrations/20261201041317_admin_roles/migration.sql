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
    CONSTRAINT "Admin_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Admin" ("adminView", "createdAt", "email", "emailLower", "id", "name", "passwordHash", "tenantId") SELECT "adminView", "createdAt", "email", "emailLower", "id", "name", "passwordHash", "tenantId" FROM "Admin";
DROP TABLE "Admin";
ALTER TABLE "new_Admin" RENAME TO "Admin";
CREATE UNIQUE INDEX "Admin_emailLower_key" ON "Admin"("emailLower");
CREATE INDEX "Admin_tenantId_createdAt_idx" ON "Admin"("tenantId", "createdAt");
CREATE UNIQUE INDEX "Admin_tenantId_id_key" ON "Admin"("tenantId", "id");
CREATE TABLE "new_AdminInvite" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailLower" TEXT NOT NULL,
    "invitedById" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'admin',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "AdminInvite_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AdminInvite" ("createdAt", "email", "emailLower", "expiresAt", "id", "invitedById", "tenantId", "tokenHash") SELECT "createdAt", "email", "emailLower", "expiresAt", "id", "invitedById", "tenantId", "tokenHash" FROM "AdminInvite";
DROP TABLE "AdminInvite";
ALTER TABLE "new_AdminInvite" RENAME TO "AdminInvite";
CREATE UNIQUE INDEX "AdminInvite_tokenHash_key" ON "AdminInvite"("tokenHash");
CREATE UNIQUE INDEX "AdminInvite_tenantId_emailLower_key" ON "AdminInvite"("tenantId", "emailLower");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

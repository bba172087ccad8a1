-- CreateTable
CREATE TABLE "AdminSession" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "adminId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "AdminSession_tenantId_adminId_fkey" FOREIGN KEY ("tenantId", "adminId") REFERENCES "Admin" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AdminSession_adminId_idx" ON "AdminSession"("adminId");

-- CreateTable
CREATE TABLE "ScimUser" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "idpId" TEXT,
    "userName" TEXT NOT NULL,
    "userNameLower" TEXT NOT NULL,
    "externalId" TEXT,
    "displayName" TEXT,
    "givenName" TEXT,
    "familyName" TEXT,
    "department" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "doc" JSONB NOT NULL,
    "pinHash" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "ScimUser_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScimUserEmail" (
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "value" TEXT NOT NULL,
    "valueLower" TEXT NOT NULL,
    "type" TEXT,
    "primary" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("tenantId", "userId", "position"),
    CONSTRAINT "ScimUserEmail_tenantId_userId_fkey" FOREIGN KEY ("tenantId", "userId") REFERENCES "ScimUser" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScimRequestLog" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "idpId" TEXT,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "resourceType" TEXT,
    "resourceId" TEXT,
    "userAgent" TEXT,
    "scimType" TEXT,
    "detail" TEXT,
    "changes" TEXT,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "ScimRequestLog_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ScimUser_tenantId_externalId_idx" ON "ScimUser"("tenantId", "externalId");

-- CreateIndex
CREATE INDEX "ScimUser_tenantId_createdAt_id_idx" ON "ScimUser"("tenantId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "ScimUser_tenantId_updatedAt_idx" ON "ScimUser"("tenantId", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ScimUser_tenantId_userNameLower_key" ON "ScimUser"("tenantId", "userNameLower");

-- CreateIndex
CREATE INDEX "ScimUserEmail_tenantId_valueLower_idx" ON "ScimUserEmail"("tenantId", "valueLower");

-- CreateIndex
CREATE INDEX "ScimRequestLog_tenantId_at_idx" ON "ScimRequestLog"("tenantId", "at");

-- CreateIndex
CREATE INDEX "ScimRequestLog_tenantId_resourceId_at_idx" ON "ScimRequestLog"("tenantId", "resourceId", "at");

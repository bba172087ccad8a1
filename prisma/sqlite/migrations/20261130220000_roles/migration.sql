-- CreateTable
CREATE TABLE "Role" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "RoleMapping" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "groupId" TEXT,
    "groupName" TEXT,
    "groupNameLower" TEXT,
    "precedence" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "RoleMapping_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoleMapping_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoleMapping_tenantId_groupId_fkey" FOREIGN KEY ("tenantId", "groupId") REFERENCES "ScimGroup" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TenantDefaultRole" (
    "tenantId" TEXT NOT NULL PRIMARY KEY,
    "roleId" TEXT NOT NULL,
    CONSTRAINT "TenantDefaultRole_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TenantDefaultRole_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "Role" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Role_key_key" ON "Role"("key");

-- CreateIndex
CREATE INDEX "RoleMapping_tenantId_precedence_idx" ON "RoleMapping"("tenantId", "precedence");

-- CreateIndex
CREATE INDEX "RoleMapping_roleId_idx" ON "RoleMapping"("roleId");

-- CreateIndex
CREATE UNIQUE INDEX "RoleMapping_tenantId_groupId_roleId_key" ON "RoleMapping"("tenantId", "groupId", "roleId");

-- CreateIndex
CREATE UNIQUE INDEX "RoleMapping_tenantId_groupNameLower_roleId_key" ON "RoleMapping"("tenantId", "groupNameLower", "roleId");

-- CreateIndex
CREATE INDEX "TenantDefaultRole_roleId_idx" ON "TenantDefaultRole"("roleId");

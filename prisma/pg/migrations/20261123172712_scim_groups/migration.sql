-- CreateTable
CREATE TABLE "ScimGroup" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "idpId" TEXT,
    "displayName" TEXT NOT NULL,
    "displayNameLower" TEXT NOT NULL,
    "externalId" TEXT,
    "doc" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScimGroup_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "ScimGroupMember" (
    "tenantId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScimGroupMember_pkey" PRIMARY KEY ("tenantId","groupId","memberId")
);

-- CreateIndex
CREATE INDEX "ScimGroup_tenantId_externalId_idx" ON "ScimGroup"("tenantId", "externalId");

-- CreateIndex
CREATE INDEX "ScimGroup_tenantId_createdAt_id_idx" ON "ScimGroup"("tenantId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ScimGroup_tenantId_displayNameLower_key" ON "ScimGroup"("tenantId", "displayNameLower");

-- CreateIndex
CREATE INDEX "ScimGroupMember_tenantId_memberId_idx" ON "ScimGroupMember"("tenantId", "memberId");

-- AddForeignKey
ALTER TABLE "ScimGroup" ADD CONSTRAINT "ScimGroup_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScimGroupMember" ADD CONSTRAINT "ScimGroupMember_tenantId_groupId_fkey" FOREIGN KEY ("tenantId", "groupId") REFERENCES "ScimGroup"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScimGroupMember" ADD CONSTRAINT "ScimGroupMember_tenantId_memberId_fkey" FOREIGN KEY ("tenantId", "memberId") REFERENCES "ScimUser"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

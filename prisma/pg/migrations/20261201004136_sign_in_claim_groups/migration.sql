-- CreateTable
CREATE TABLE "SignInClaimGroups" (
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "idpId" TEXT NOT NULL,
    "groups" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SignInClaimGroups_pkey" PRIMARY KEY ("tenantId","userId","idpId")
);

-- CreateIndex
CREATE INDEX "SignInClaimGroups_tenantId_idpId_idx" ON "SignInClaimGroups"("tenantId", "idpId");

-- AddForeignKey
ALTER TABLE "SignInClaimGroups" ADD CONSTRAINT "SignInClaimGroups_tenantId_userId_fkey" FOREIGN KEY ("tenantId", "userId") REFERENCES "ScimUser"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignInClaimGroups" ADD CONSTRAINT "SignInClaimGroups_tenantId_idpId_fkey" FOREIGN KEY ("tenantId", "idpId") REFERENCES "IdentityProvider"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

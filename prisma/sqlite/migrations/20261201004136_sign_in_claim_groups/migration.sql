-- CreateTable
CREATE TABLE "SignInClaimGroups" (
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "idpId" TEXT NOT NULL,
    "groups" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("tenantId", "userId", "idpId"),
    CONSTRAINT "SignInClaimGroups_tenantId_userId_fkey" FOREIGN KEY ("tenantId", "userId") REFERENCES "ScimUser" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SignInClaimGroups_tenantId_idpId_fkey" FOREIGN KEY ("tenantId", "idpId") REFERENCES "IdentityProvider" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SignInClaimGroups_tenantId_idpId_idx" ON "SignInClaimGroups"("tenantId", "idpId");

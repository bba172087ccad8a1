-- AlterTable
ALTER TABLE "ScimUser" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '';
UPDATE "ScimUser" SET "searchText" = lower("userName" || ' ' || coalesce("displayName", '') || ' ' || coalesce("givenName", '') || ' ' || coalesce("familyName", '') || ' ' || coalesce("externalId", '') || ' ' || coalesce("department", ''));

-- CreateIndex
CREATE INDEX "ScimUser_tenantId_active_userNameLower_idx" ON "ScimUser"("tenantId", "active", "userNameLower");

-- CreateIndex
CREATE INDEX "ScimRequestLog_tenantId_idpId_at_idx" ON "ScimRequestLog"("tenantId", "idpId", "at");

-- DropIndex
DROP INDEX "ScimGroupMember_tenantId_memberId_idx";

-- CreateIndex
CREATE INDEX "ScimGroupMember_tenantId_memberId_groupId_idx" ON "ScimGroupMember"("tenantId", "memberId", "groupId");

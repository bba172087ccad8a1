-- CreateTable
CREATE TABLE "AdminSession" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "adminId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AdminSession_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateIndex
CREATE INDEX "AdminSession_adminId_idx" ON "AdminSession"("adminId");

-- AddForeignKey
ALTER TABLE "AdminSession" ADD CONSTRAINT "AdminSession_tenantId_adminId_fkey" FOREIGN KEY ("tenantId", "adminId") REFERENCES "Admin"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

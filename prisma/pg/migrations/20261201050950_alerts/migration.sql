-- AlterTable
ALTER TABLE "Admin" ADD COLUMN     "alertsOff" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "AlertSent" (
    "tenantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertSent_pkey" PRIMARY KEY ("tenantId","kind")
);

-- AddForeignKey
ALTER TABLE "AlertSent" ADD CONSTRAINT "AlertSent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

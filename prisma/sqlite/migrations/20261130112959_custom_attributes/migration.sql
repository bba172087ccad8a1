-- AlterTable
ALTER TABLE "ScimRequestLog" ADD COLUMN "unknownAttribute" TEXT;

-- CreateTable
CREATE TABLE "CustomAttribute" (
    "tenantId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "schemaUrn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "multiValued" BOOLEAN NOT NULL DEFAULT false,
    "caseExact" BOOLEAN NOT NULL DEFAULT false,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("tenantId", "id"),
    CONSTRAINT "CustomAttribute_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "CustomAttribute_tenantId_key_key" ON "CustomAttribute"("tenantId", "key");

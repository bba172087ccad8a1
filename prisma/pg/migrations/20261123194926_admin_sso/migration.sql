-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "adminSso" BOOLEAN NOT NULL DEFAULT false;

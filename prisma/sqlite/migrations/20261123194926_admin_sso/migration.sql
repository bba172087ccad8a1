-- AlterTable (column added in place: no table rebuild)
ALTER TABLE "Tenant" ADD COLUMN "adminSso" BOOLEAN NOT NULL DEFAULT false;

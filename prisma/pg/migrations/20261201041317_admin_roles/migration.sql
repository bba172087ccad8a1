-- AlterTable
ALTER TABLE "Admin" ADD COLUMN     "role" TEXT NOT NULL DEFAULT 'owner';

-- AlterTable
ALTER TABLE "AdminInvite" ADD COLUMN     "role" TEXT NOT NULL DEFAULT 'admin';

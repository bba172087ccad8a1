-- AlterTable
ALTER TABLE "DeprovisionHold" DROP COLUMN "body",
ADD COLUMN     "doc" TEXT,
ADD COLUMN     "pinHash" TEXT,
ADD COLUMN     "userVersion" INTEGER;

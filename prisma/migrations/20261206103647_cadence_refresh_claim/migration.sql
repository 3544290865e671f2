-- AlterTable
ALTER TABLE "Channel" ADD COLUMN     "cadenceRefreshAt" TIMESTAMP(3);

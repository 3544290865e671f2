-- AlterTable
ALTER TABLE "Video" ADD COLUMN     "publishTimeKnown" BOOLEAN NOT NULL DEFAULT true;

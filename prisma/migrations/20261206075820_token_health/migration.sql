-- AlterTable
ALTER TABLE "Channel" ADD COLUMN     "tokenExpiryWarnedAt" TIMESTAMP(3),
ADD COLUMN     "tokenGrantedAt" TIMESTAMP(3),
ADD COLUMN     "tokenRevokedWarnedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "defaultChannelId" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "Team_defaultChannelId_key" ON "Team"("defaultChannelId");

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_defaultChannelId_fkey" FOREIGN KEY ("defaultChannelId") REFERENCES "Channel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "AlertRoom" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "channelId" INTEGER NOT NULL,
    "platform" "Platform" NOT NULL,
    "roomId" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "quietStart" INTEGER,
    "quietEnd" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertRoom_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertEvent" (
    "id" SERIAL NOT NULL,
    "alertRoomId" INTEGER NOT NULL,
    "videoId" INTEGER NOT NULL,
    "level" INTEGER NOT NULL,
    "ageHours" DOUBLE PRECISION NOT NULL,
    "views" BIGINT NOT NULL,
    "status" "DigestStatus" NOT NULL DEFAULT 'claimed',
    "messageRef" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error" TEXT,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "AlertEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AlertRoom_platform_roomId_channelId_key" ON "AlertRoom"("platform", "roomId", "channelId");

-- CreateIndex
CREATE UNIQUE INDEX "AlertEvent_alertRoomId_videoId_level_key" ON "AlertEvent"("alertRoomId", "videoId", "level");

-- AddForeignKey
ALTER TABLE "AlertRoom" ADD CONSTRAINT "AlertRoom_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRoom" ADD CONSTRAINT "AlertRoom_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_alertRoomId_fkey" FOREIGN KEY ("alertRoomId") REFERENCES "AlertRoom"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_videoId_fkey" FOREIGN KEY ("videoId") REFERENCES "Video"("id") ON DELETE CASCADE ON UPDATE CASCADE;

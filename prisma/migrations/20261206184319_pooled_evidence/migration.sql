-- CreateTable
CREATE TABLE "PooledEvidence" (
    "channelId" INTEGER NOT NULL,
    "halfLifeVideos" DOUBLE PRECISION NOT NULL,
    "dataVersion" INTEGER NOT NULL,
    "timezone" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PooledEvidence_pkey" PRIMARY KEY ("channelId","halfLifeVideos")
);

-- AddForeignKey
ALTER TABLE "PooledEvidence" ADD CONSTRAINT "PooledEvidence_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

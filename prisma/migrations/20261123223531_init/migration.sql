-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('console', 'discord', 'slack');

-- CreateEnum
CREATE TYPE "ChannelSource" AS ENUM ('demo', 'csv', 'youtube');

-- CreateEnum
CREATE TYPE "InsightType" AS ENUM ('topic', 'style', 'pacing', 'hook', 'length', 'time');

-- CreateEnum
CREATE TYPE "InsightStatus" AS ENUM ('active', 'invalidated', 'superseded');

-- CreateEnum
CREATE TYPE "ScriptStatus" AS ENUM ('draft', 'approved', 'published');

-- CreateEnum
CREATE TYPE "PredictionKind" AS ENUM ('post_publish', 'pre_publish');

-- CreateEnum
CREATE TYPE "DigestStatus" AS ENUM ('claimed', 'sent', 'failed');

-- CreateTable
CREATE TABLE "Team" (
    "id" SERIAL NOT NULL,
    "platform" "Platform" NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Channel" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "youtubeId" TEXT,
    "title" TEXT NOT NULL,
    "handle" TEXT,
    "theme" TEXT,
    "style" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "uploadsPlaylistId" TEXT,
    "source" "ChannelSource" NOT NULL,
    "refreshTokenEnc" TEXT,
    "needsReconnect" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Video" (
    "id" SERIAL NOT NULL,
    "channelId" INTEGER NOT NULL,
    "youtubeId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "tags" TEXT[],
    "durationS" INTEGER,
    "publishedAt" TIMESTAMP(3),
    "isShort" BOOLEAN,
    "topic" TEXT,
    "hookLine" TEXT,
    "views" BIGINT,
    "engagedViews" BIGINT,
    "likes" INTEGER,
    "comments" INTEGER,
    "shares" INTEGER,
    "avgViewPct" DOUBLE PRECISION,
    "avgViewDurationS" DOUBLE PRECISION,
    "estimatedMinutesWatched" DOUBLE PRECISION,
    "subscribersGained" INTEGER,
    "impressions" BIGINT,
    "ctr" DOUBLE PRECISION,
    "statsUpdatedAt" TIMESTAMP(3),
    "unavailable" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Video_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetentionPoint" (
    "videoId" INTEGER NOT NULL,
    "elapsedRatio" DOUBLE PRECISION NOT NULL,
    "watchRatio" DOUBLE PRECISION NOT NULL,
    "relativePerformance" DOUBLE PRECISION,

    CONSTRAINT "RetentionPoint_pkey" PRIMARY KEY ("videoId","elapsedRatio")
);

-- CreateTable
CREATE TABLE "VideoSnapshot" (
    "id" SERIAL NOT NULL,
    "videoId" INTEGER NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL,
    "views" BIGINT NOT NULL,
    "engagedViews" BIGINT,
    "likes" INTEGER,
    "comments" INTEGER,

    CONSTRAINT "VideoSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelInsight" (
    "id" SERIAL NOT NULL,
    "channelId" INTEGER NOT NULL,
    "type" "InsightType" NOT NULL,
    "summary" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "sampleSize" INTEGER NOT NULL,
    "status" "InsightStatus" NOT NULL DEFAULT 'active',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastValidatedAt" TIMESTAMP(3),

    CONSTRAINT "ChannelInsight_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContentStrategy" (
    "id" SERIAL NOT NULL,
    "channelId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "recommendedTopics" JSONB NOT NULL,
    "avoidTopics" JSONB NOT NULL,
    "style" TEXT,
    "pacing" TEXT,
    "hookTemplates" JSONB NOT NULL,
    "postingWindows" JSONB NOT NULL,
    "nextTests" JSONB NOT NULL,
    "writer" TEXT NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "basisVideoCount" INTEGER NOT NULL,
    "basisFrom" TIMESTAMP(3),
    "basisTo" TIMESTAMP(3),
    "performanceScore" DOUBLE PRECISION,

    CONSTRAINT "ContentStrategy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GeneratedScript" (
    "id" SERIAL NOT NULL,
    "channelId" INTEGER NOT NULL,
    "strategyId" INTEGER,
    "topic" TEXT NOT NULL,
    "hook" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "titleOptions" TEXT[],
    "predictedViews" DOUBLE PRECISION,
    "predictedLow" DOUBLE PRECISION,
    "predictedHigh" DOUBLE PRECISION,
    "status" "ScriptStatus" NOT NULL DEFAULT 'draft',
    "videoId" INTEGER,
    "writer" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GeneratedScript_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Prediction" (
    "id" SERIAL NOT NULL,
    "channelId" INTEGER NOT NULL,
    "kind" "PredictionKind" NOT NULL,
    "videoId" INTEGER,
    "scriptId" INTEGER,
    "horizonDays" INTEGER NOT NULL,
    "predicted" DOUBLE PRECISION NOT NULL,
    "low" DOUBLE PRECISION NOT NULL,
    "high" DOUBLE PRECISION NOT NULL,
    "actual" DOUBLE PRECISION,
    "inputs" JSONB NOT NULL,
    "madeAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scoredAt" TIMESTAMP(3),

    CONSTRAINT "Prediction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoomBinding" (
    "id" SERIAL NOT NULL,
    "teamId" INTEGER NOT NULL,
    "channelId" INTEGER NOT NULL,
    "platform" "Platform" NOT NULL,
    "roomId" TEXT NOT NULL,
    "digestTime" TEXT NOT NULL DEFAULT '09:00',
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoomBinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DigestRun" (
    "id" SERIAL NOT NULL,
    "bindingId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "status" "DigestStatus" NOT NULL DEFAULT 'claimed',
    "messageRef" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error" TEXT,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "DigestRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuotaEntry" (
    "id" SERIAL NOT NULL,
    "day" DATE NOT NULL,
    "channelId" INTEGER,
    "api" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "units" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuotaEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LlmUsage" (
    "id" SERIAL NOT NULL,
    "day" DATE NOT NULL,
    "channelId" INTEGER,
    "model" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "promptTokens" INTEGER NOT NULL,
    "completionTokens" INTEGER NOT NULL,
    "cacheHit" BOOLEAN NOT NULL DEFAULT false,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LlmUsage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Team_platform_externalId_key" ON "Team"("platform", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Channel_teamId_name_key" ON "Channel"("teamId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Channel_teamId_youtubeId_key" ON "Channel"("teamId", "youtubeId");

-- CreateIndex
CREATE INDEX "Video_channelId_publishedAt_idx" ON "Video"("channelId", "publishedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Video_channelId_youtubeId_key" ON "Video"("channelId", "youtubeId");

-- CreateIndex
CREATE UNIQUE INDEX "VideoSnapshot_videoId_takenAt_key" ON "VideoSnapshot"("videoId", "takenAt");

-- CreateIndex
CREATE INDEX "ChannelInsight_channelId_status_idx" ON "ChannelInsight"("channelId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ContentStrategy_channelId_version_key" ON "ContentStrategy"("channelId", "version");

-- CreateIndex
CREATE INDEX "Prediction_channelId_scoredAt_idx" ON "Prediction"("channelId", "scoredAt");

-- CreateIndex
CREATE UNIQUE INDEX "RoomBinding_platform_roomId_channelId_key" ON "RoomBinding"("platform", "roomId", "channelId");

-- CreateIndex
CREATE UNIQUE INDEX "DigestRun_bindingId_date_key" ON "DigestRun"("bindingId", "date");

-- CreateIndex
CREATE INDEX "QuotaEntry_day_idx" ON "QuotaEntry"("day");

-- CreateIndex
CREATE INDEX "LlmUsage_day_idx" ON "LlmUsage"("day");

-- AddForeignKey
ALTER TABLE "Channel" ADD CONSTRAINT "Channel_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Video" ADD CONSTRAINT "Video_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RetentionPoint" ADD CONSTRAINT "RetentionPoint_videoId_fkey" FOREIGN KEY ("videoId") REFERENCES "Video"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VideoSnapshot" ADD CONSTRAINT "VideoSnapshot_videoId_fkey" FOREIGN KEY ("videoId") REFERENCES "Video"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelInsight" ADD CONSTRAINT "ChannelInsight_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContentStrategy" ADD CONSTRAINT "ContentStrategy_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GeneratedScript" ADD CONSTRAINT "GeneratedScript_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GeneratedScript" ADD CONSTRAINT "GeneratedScript_strategyId_fkey" FOREIGN KEY ("strategyId") REFERENCES "ContentStrategy"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GeneratedScript" ADD CONSTRAINT "GeneratedScript_videoId_fkey" FOREIGN KEY ("videoId") REFERENCES "Video"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_videoId_fkey" FOREIGN KEY ("videoId") REFERENCES "Video"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_scriptId_fkey" FOREIGN KEY ("scriptId") REFERENCES "GeneratedScript"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoomBinding" ADD CONSTRAINT "RoomBinding_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoomBinding" ADD CONSTRAINT "RoomBinding_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestRun" ADD CONSTRAINT "DigestRun_bindingId_fkey" FOREIGN KEY ("bindingId") REFERENCES "RoomBinding"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuotaEntry" ADD CONSTRAINT "QuotaEntry_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LlmUsage" ADD CONSTRAINT "LlmUsage_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

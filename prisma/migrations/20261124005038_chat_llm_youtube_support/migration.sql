-- AlterTable
ALTER TABLE "Channel" ADD COLUMN     "lastRefreshAt" TIMESTAMP(3),
ADD COLUMN     "reportingJobId" TEXT;

-- AlterTable
ALTER TABLE "ChannelInsight" ADD COLUMN     "key" TEXT NOT NULL;

-- AlterTable
ALTER TABLE "ContentStrategy" ADD COLUMN     "basis" JSONB;

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "manageRole" TEXT;

-- AlterTable
ALTER TABLE "Video" ADD COLUMN     "etag" TEXT,
ADD COLUMN     "reachUpdatedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "LlmCache" (
    "key" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "promptTokens" INTEGER NOT NULL,
    "completionTokens" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LlmCache_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "OAuthState" (
    "state" TEXT NOT NULL,
    "teamId" INTEGER NOT NULL,
    "channelName" TEXT,
    "platform" "Platform" NOT NULL,
    "roomId" TEXT,
    "userId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OAuthState_pkey" PRIMARY KEY ("state")
);

-- CreateTable
CREATE TABLE "ReachReport" (
    "id" TEXT NOT NULL,
    "channelId" INTEGER NOT NULL,
    "createTime" TIMESTAMP(3) NOT NULL,
    "downloadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReachReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationThread" (
    "id" SERIAL NOT NULL,
    "platform" "Platform" NOT NULL,
    "threadRef" TEXT NOT NULL,
    "teamId" INTEGER NOT NULL,
    "channelId" INTEGER,
    "context" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversationThread_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConversationThread_platform_threadRef_key" ON "ConversationThread"("platform", "threadRef");

-- CreateIndex
CREATE INDEX "ChannelInsight_channelId_key_idx" ON "ChannelInsight"("channelId", "key");

-- AddForeignKey
ALTER TABLE "OAuthState" ADD CONSTRAINT "OAuthState_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReachReport" ADD CONSTRAINT "ReachReport_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationThread" ADD CONSTRAINT "ConversationThread_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationThread" ADD CONSTRAINT "ConversationThread_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

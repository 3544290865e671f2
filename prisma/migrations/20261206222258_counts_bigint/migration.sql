-- Counts as bigint like views: YouTube's likeCount and commentCount are unsigned 64-bit, and a viral video's or a
-- simulated world's counts passed 2^31, which failed the whole import or refresh that carried them.
-- AlterTable
ALTER TABLE "Video" ALTER COLUMN "likes" SET DATA TYPE BIGINT,
ALTER COLUMN "comments" SET DATA TYPE BIGINT,
ALTER COLUMN "shares" SET DATA TYPE BIGINT,
ALTER COLUMN "subscribersGained" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "VideoSnapshot" ALTER COLUMN "likes" SET DATA TYPE BIGINT,
ALTER COLUMN "comments" SET DATA TYPE BIGINT;

-- AlterEnum
ALTER TYPE "ChannelSource" ADD VALUE 'competitor';

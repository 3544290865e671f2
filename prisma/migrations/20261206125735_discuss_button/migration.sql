-- AlterTable
ALTER TABLE "ConversationThread" ADD COLUMN     "pendingName" TEXT;

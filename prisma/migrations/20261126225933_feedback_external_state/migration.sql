-- AlterTable
ALTER TABLE "FeedbackItem" ADD COLUMN     "externalState" TEXT;


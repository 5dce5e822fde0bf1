-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN     "approvalsRequired" INTEGER NOT NULL DEFAULT 0;

